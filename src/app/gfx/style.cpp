// style.cpp — UI scale and themes (see style.h for why the scale is a display scale).
#include "app/gfx/style.h"

#include <algorithm>

#include "app/gfx/fonts.h"

namespace app {
namespace {

ImGuiStyle g_base;
bool g_have_base = false;
float g_scale = 1;
bool g_contrast = false;

void high_contrast(ImGuiStyle& st) {
    const ImVec4 black(0, 0, 0, 1), white(1, 1, 1, 1), yellow(1, 0.92f, 0, 1);
    const ImVec4 dim(0.16f, 0.16f, 0.16f, 1), olive(0.32f, 0.30f, 0, 1), olive2(0.5f, 0.46f, 0, 1);
    ImVec4* c = st.Colors;
    for (int i = 0; i < ImGuiCol_COUNT; i++) c[i] = dim;
    c[ImGuiCol_Text] = white;
    c[ImGuiCol_TextDisabled] = ImVec4(0.85f, 0.85f, 0.85f, 1);
    c[ImGuiCol_WindowBg] = c[ImGuiCol_ChildBg] = c[ImGuiCol_PopupBg] = c[ImGuiCol_MenuBarBg] = black;
    c[ImGuiCol_TitleBg] = c[ImGuiCol_TitleBgCollapsed] = black;
    c[ImGuiCol_TitleBgActive] = olive;
    c[ImGuiCol_Border] = yellow;
    c[ImGuiCol_BorderShadow] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_FrameBg] = dim;
    c[ImGuiCol_FrameBgHovered] = c[ImGuiCol_ButtonHovered] = c[ImGuiCol_HeaderHovered] = c[ImGuiCol_TabHovered] = olive;
    c[ImGuiCol_FrameBgActive] = c[ImGuiCol_ButtonActive] = c[ImGuiCol_HeaderActive] = olive2;
    c[ImGuiCol_Button] = c[ImGuiCol_Header] = c[ImGuiCol_Tab] = dim;
    c[ImGuiCol_TabActive] = olive2;
    c[ImGuiCol_TabUnfocused] = dim;
    c[ImGuiCol_TabUnfocusedActive] = olive;
    c[ImGuiCol_CheckMark] = c[ImGuiCol_SliderGrab] = c[ImGuiCol_SliderGrabActive] = yellow;
    c[ImGuiCol_ScrollbarBg] = black;
    c[ImGuiCol_ScrollbarGrab] = ImVec4(0.7f, 0.7f, 0.7f, 1);
    c[ImGuiCol_ScrollbarGrabHovered] = c[ImGuiCol_ScrollbarGrabActive] = yellow;
    c[ImGuiCol_Separator] = c[ImGuiCol_SeparatorHovered] = c[ImGuiCol_SeparatorActive] = white;
    c[ImGuiCol_ResizeGrip] = c[ImGuiCol_ResizeGripHovered] = c[ImGuiCol_ResizeGripActive] = yellow;
    c[ImGuiCol_PlotLines] = c[ImGuiCol_PlotHistogram] = yellow;
    c[ImGuiCol_PlotLinesHovered] = c[ImGuiCol_PlotHistogramHovered] = white;
    c[ImGuiCol_TableHeaderBg] = dim;
    c[ImGuiCol_TableBorderStrong] = c[ImGuiCol_TableBorderLight] = ImVec4(0.6f, 0.6f, 0.6f, 1);
    c[ImGuiCol_TableRowBg] = black;
    c[ImGuiCol_TableRowBgAlt] = ImVec4(0.08f, 0.08f, 0.08f, 1);
    c[ImGuiCol_TextSelectedBg] = olive2;
    c[ImGuiCol_DragDropTarget] = c[ImGuiCol_NavHighlight] = yellow;
    c[ImGuiCol_NavWindowingHighlight] = white;
    c[ImGuiCol_NavWindowingDimBg] = c[ImGuiCol_ModalWindowDimBg] = ImVec4(0, 0, 0, 0.7f);
    st.WindowBorderSize = 2;
    st.ChildBorderSize = 1.5f;
    st.PopupBorderSize = 2;
    st.FrameBorderSize = 1.5f;
    st.TabBorderSize = 1.5f;
}

} // namespace

void style_init() {
    g_base = ImGui::GetStyle();
    g_have_base = true;
}

void apply_style(float scale, bool contrast) {
    if (!g_have_base) style_init();
    scale = std::clamp(scale, 0.5f, 3.0f);
    ImGuiStyle& st = ImGui::GetStyle();
    st = g_base;
    if (contrast) high_contrast(st);
    // Glyphs rasterized at scale × the base size, drawn at 1/scale on the logical display,
    // land 1:1 on the framebuffer's pixels.
    fonts_set_scale(scale);
    ImGui::GetIO().FontGlobalScale = 1.0f / fonts_scale();
    g_scale = scale;
    g_contrast = contrast;
}

float style_scale() { return g_scale; }
bool style_high_contrast() { return g_contrast; }

void style_scale_display() {
    if (g_scale == 1.0f) return;
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(io.DisplaySize.x / g_scale, io.DisplaySize.y / g_scale);
    io.DisplayFramebufferScale = ImVec2(io.DisplayFramebufferScale.x * g_scale, io.DisplayFramebufferScale.y * g_scale);
    if (io.MousePos.x > -1e30f && io.MousePos.y > -1e30f)
        io.MousePos = ImVec2(io.MousePos.x / g_scale, io.MousePos.y / g_scale);
}

ImVec4 style_clear_color() { return g_contrast ? ImVec4(0, 0, 0, 1) : ImVec4(0.09f, 0.10f, 0.12f, 1); }

} // namespace app
