// engine.h — the training side of the playground. It owns the model, the optimizer, the
// data in use and a cnn::Trainer, runs batches (on its own std::thread in the threaded build,
// or inside the frame callback with a time budget in the single-thread build) and publishes
// immutable Snapshots (metrics, history, predictions, feature maps, kernels) under a mutex.
// The UI only posts commands and reads the latest snapshot: it never waits for training.
// Not here: any ImGui, SDL, GL or browser code.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/cifar.h"
#include "core/explain/top_images.h"
#include "core/limits.h"
#include "core/model_io.h"
#include "core/settings.h"
#include "core/train.h"

namespace app {

// Training settings (cnn::TrainSettings, core/settings.h): optimizer and learning rate
// apply at once; batch size, epochs and seed apply at the next Reset (or at once while
// nothing is trained yet).

// Diverged: the loss became NaN/infinite; the trainer put back the weights and optimizer
// state from before that batch, so Start continues from them (at a lower learning rate).
enum class Status { Idle, Running, Paused, Done, Error, Diverged };
const char* status_name(Status s);

// The model's answers on the test set, computed now and then (not every batch).
struct Predictions {
    int n = 0;                     // test images evaluated
    double loss = 0, accuracy = 0;
    int64_t at_step = 0;           // training steps taken when computed
    std::vector<uint8_t> pred;     // (n) arg-max class
    std::vector<uint8_t> top_k;    // (n, 3) best classes, best first
    std::vector<float> top_p;      // (n, 3) their probabilities
    int confusion[10][10] = {};    // [true][predicted] counts
    int class_total[10] = {}, class_correct[10] = {};
};

// Inside the network for one chosen image: every layer's output and each conv layer's weights.
struct LayerView {
    std::string name, kind;
    cnn::Shape out;
    std::vector<float> values;     // (C, H, W) or (L) for flat layers
};
struct KernelView {
    std::string name;
    int oc = 0, c = 0, k = 0;
    std::vector<float> w;          // (OC, C, K, K)
    std::vector<float> b;          // (OC)
};
// The chosen image's sources: the training set, the test set, or the user's own picture
// (its crop scaled to 32×32: app_set_picture); the picture has no true class (label -1).
constexpr int kSetTrain = 0, kSetTest = 1, kSetPicture = 2;
struct Inside {
    int set = 1, image = 0;        // set kSetTrain, kSetTest or kSetPicture (image 0)
    int label = 0;                 // -1 for the user's picture
    std::vector<float> input;      // (3, 32, 32) the network's input, 0..1
    uint64_t picture_version = 0;  // the picture it shows (set kSetPicture)
    std::vector<float> probs;      // (classes)
    std::vector<float> logits;     // (classes): the scores before softmax (concepts.h last_logits)
    std::vector<uint8_t> pixels;   // (3, 32, 32): the image's bytes, 0..255, before scaling
    std::vector<LayerView> layers;
    std::vector<KernelView> kernels;
    int64_t at_step = 0;           // training steps taken when computed (as Predictions::at_step)
    uint64_t version = 0;
};

// Why this class? For the Inside view's image and one class: four heat maps over its
// 32×32 pixels (core/explain/), computed from the same weights as that Inside view.
struct Why {
    int set = 1, image = 0, cls = 0;
    bool top = false;              // cls was asked as "the top class" (explain(-1))
    uint64_t picture_version = 0;
    int size = 32;                 // each map is (size, size)
    std::vector<float> occlusion;  // probability drop under a grey patch (occlusion.h: pixels)
    std::vector<float> gradient;   // max |d logit / d pixel| over the colours
    std::vector<float> smoothgrad; // the same, averaged over noisy copies
    std::vector<float> gradcam;    // Grad-CAM on the last conv layer (empty: the model has none)
    int occ_patch = 8, occ_stride = 2;
    float base = 0;                // the class's probability for the image as it is
    double ms[4] = {};             // time each took: occlusion, gradient, SmoothGrad, Grad-CAM
    int64_t at_step = 0;
    uint64_t inside_version = 0;   // the Inside view it explains
    std::string error;             // the core's refusal, when the maps could not be made
    uint64_t version = 0;
};

// What does a filter look for? The test images exciting one filter of a conv layer most
// (core/explain/top_images.h), from the weights of the last predictions.
struct FilterTop {
    cnn::TopImages top;            // layer (index in Model::layers), filter, images, scores, maps
    int64_t at_step = 0;
    uint64_t version = 0;
    std::string error;             // the core's refusal (a layer that is not a conv layer...)
};

struct Snapshot {
    Status status = Status::Idle;
    std::string message;           // error text (Status::Error/Diverged) or a note
    cnn::ErrorInfo problem;        // the message as a code when the core gave one
    int diverged_epoch = 0, diverged_batch = 0;  // where the loss stopped being finite (1-based)
    std::string spec;              // canonical spec of the model being trained
    std::vector<std::string> layer_names;
    size_t num_params = 0;
    uint64_t model_version = 0;    // changes when weights are replaced (set model, reset, load)
    cnn::TrainSettings hyper;      // settings in force
    int epoch = 0;                 // epochs completed (across continues)
    int epochs_total = 0;          // epoch at which this run stops
    int batch = 0, batches_per_epoch = 0;
    int64_t steps = 0;             // batches trained since the weights were made
    double loss = 0, accuracy = 0; // running over the current epoch
    double last_loss = 0;
    double images_per_s = 0, eta_s = 0;
    int train_size = 0, test_size = 0;
    std::vector<cnn::EpochStats> history;
    std::vector<float> batch_loss;  // smoothed loss after each batch (EMA, bias-corrected)
    std::vector<float> batch_acc;   // smoothed accuracy after each batch (the same smoothing)
    std::shared_ptr<const Predictions> preds;
    std::shared_ptr<const Inside> inside;
    std::shared_ptr<const Why> why;  // null until explain() is asked
    std::shared_ptr<const FilterTop> filter_top;  // null until filter_top() is asked
    uint64_t version = 0;
};

class Engine {
public:
    // limit: what a training run may use (the WebAssembly heap, less room for the page);
    // a model, batch size or data set whose estimate is over it is refused before training.
    Engine(bool threaded, cnn::MemoryLimit limit);
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // ---- called by the UI thread; each only queues a command ----
    void set_data(std::shared_ptr<const cnn::Dataset> train, std::shared_ptr<const cnn::Dataset> test);
    void set_model(const std::string& spec, const cnn::TrainSettings& h);  // fresh weights from h.seed
    void set_hyper(const cnn::TrainSettings& h);
    void start();
    void pause();
    void step(int n);                     // train n batches, then pause
    void reset(const cnn::TrainSettings& h);           // fresh weights, optimizer, history
    void select_image(int set, int index);  // set kSetPicture: the picture of set_picture
    // The user's picture as the network sees it (3, 32, 32); `version` names it in Inside.
    void set_picture(std::shared_ptr<const std::vector<float>> x, uint64_t version);
    // Why-maps for class cls of the chosen image (-1: its top class), from now on recomputed
    // with every Inside view; cls < -1 stops them.
    void explain(int cls);
    // The top 9 test images of filter `filter` of layer `layer` (index in the model's layers),
    // recomputed with every refresh of the predictions; layer < 0 stops them.
    void filter_top(int layer, int filter);
    void load_checkpoint(std::shared_ptr<cnn::Checkpoint> ck, const cnn::TrainSettings& h);
    void request_save(bool download);     // bytes come back through take_saved()
    // After a model is restored from browser storage: the batches it had been trained for
    // (the file keeps epochs only), so its predictions say "after N batches" truly.
    void set_steps(int64_t steps);

    std::shared_ptr<const Snapshot> snapshot() const;
    // A serialized model, when one is ready: `download` tells a user's Save from autosave.
    // steps: the batches the saved weights had been trained for (may be null).
    bool take_saved(std::vector<uint8_t>* bytes, bool* download, int64_t* steps = nullptr);
    // Single-thread build: train inside the frame for about budget_ms.
    void pump(double budget_ms);
    bool threaded() const { return threaded_; }

private:
    void post(std::function<void()> cmd);
    void thread_main();
    bool work(double budget_ms);          // training side: commands, batches, publishing
    void run_commands();
    bool train_for(double budget_ms);
    void train_one_batch();
    void note_progress(double t);
    void refresh_views(double budget_ms);
    void rebuild_trainer(bool keep_history);
    void retire_trainer();                // a finished run's epochs into past_, no trainer
    void begin_predictions();
    bool advance_predictions(double budget_ms);  // true when the whole test set is done
    void check_fits(const cnn::Model& m, int batch) const;  // throws cnn::Error with the estimate
    void fail(const std::exception& e);  // status Error, message and code from e
    void fresh_weights(const std::string& spec);
    void finish_predictions();
    void predictions_from_validation();  // after an epoch: the trainer's pass over the test set
    bool chosen_input(Inside& in) const;
    void compute_inside();
    void compute_why();
    void compute_filter_top();
    void publish();
    void save_now(bool download);

    // ---- shared between the threads (mutex) ----
    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::vector<std::function<void()>> queue_;
    std::shared_ptr<const Snapshot> snap_;
    std::vector<uint8_t> saved_;
    bool saved_ready_ = false, saved_download_ = false;
    int64_t saved_steps_ = 0;
    bool quit_ = false;
    bool threaded_;
    cnn::MemoryLimit limit_;
    std::thread thread_;

    // ---- training side only ----
    std::shared_ptr<const cnn::Dataset> train_, test_;
    cnn::Model model_;
    cnn::Optimizer opt_;
    cnn::TrainSettings hyper_;
    std::unique_ptr<cnn::ThreadPool> pool_;
    std::unique_ptr<cnn::Trainer> trainer_;
    std::vector<cnn::EpochStats> past_;   // epochs of earlier trainers (continues, data changes)
    std::vector<float> batch_loss_, batch_acc_;
    double ema_ = 0, ema_acc_ = 0;
    int64_t ema_n_ = 0;
    Status status_ = Status::Idle;
    std::string message_;
    cnn::ErrorInfo problem_;  // the code of the last error; published while message_ is its text
    int div_epoch_ = 0, div_batch_ = 0;
    uint64_t model_version_ = 0, version_ = 0;
    int64_t steps_ = 0;
    bool pristine_ = true;                // weights untouched since made: settings may reshape the run
    int steps_left_ = 0;                  // Step(n): batches still to train before pausing
    int sel_set_ = 1, sel_image_ = 0;
    std::shared_ptr<const Predictions> preds_;
    std::shared_ptr<const Inside> inside_;
    uint64_t inside_version_ = 0;
    std::shared_ptr<const std::vector<float>> picture_;
    uint64_t picture_version_ = 0;
    int why_cls_ = -2;                    // < -1: no explanations asked
    bool want_why_ = false;
    std::shared_ptr<const Why> why_;
    uint64_t why_version_ = 0;
    int top_layer_ = -1, top_filter_ = 0;
    bool want_top_ = false;
    std::shared_ptr<const FilterTop> top_;
    uint64_t top_version_ = 0;
    // Predictions being computed: over several frames in the single-thread build (training
    // waits meanwhile, so all of them come from the same weights), at once in the threaded one.
    struct PredJob {
        std::shared_ptr<Predictions> p;
        std::vector<float> probs;
        int next = 0;
        double loss_sum = 0;
        long correct = 0;
        double busy_s = 0;  // time spent computing it
    };
    std::unique_ptr<PredJob> job_;
    bool dirty_ = true, want_preds_ = false, want_inside_ = false, want_autosave_ = false;
    double last_publish_ = 0, last_preds_ = 0;
    double pred_cost_s_ = 0;              // the last full pass over the test set (seconds)
    double win_start_ = 0;                // images/s over a window of wall time
    int64_t win_images_ = 0;
    double ips_ = 0;
};

double now_s();  // monotonic seconds
// Seconds of training between two refreshes of the predictions, given the last pass over
// the test set took pass_s: 3 s, or 20 passes' time when that is longer.
double views_every(double pass_s);

} // namespace app
