// subset.cpp — class-balanced subsets of the loaded data (see subset.h).
#include "app/session/subset.h"

#include <algorithm>
#include <cstring>

namespace app {

std::vector<int> balanced_subset(const std::vector<uint8_t>& labels, int n, int classes) {
    const int N = (int)labels.size();
    std::vector<int> all(N);
    for (int i = 0; i < N; i++) all[i] = i;
    if (n <= 0 || n >= N) return all;
    // Per class, its images in loaded order; then rank r of every class before rank r + 1.
    std::vector<std::vector<int>> by(classes + 1);
    for (int i = 0; i < N; i++) by[std::min<int>(labels[i], classes)].push_back(i);
    std::vector<int> out;
    out.reserve(n);
    for (size_t r = 0; (int)out.size() < n; r++)
        for (int k = 0; k <= classes && (int)out.size() < n; k++)
            if (r < by[k].size()) out.push_back(by[k][r]);
    std::sort(out.begin(), out.end());
    return out;
}

std::shared_ptr<const cnn::Dataset> take_subset(const std::shared_ptr<const cnn::Dataset>& all, int n) {
    if (!all || n <= 0 || n >= all->size()) return all;
    auto d = std::make_shared<cnn::Dataset>();
    std::vector<int> idx = balanced_subset(all->labels, n);
    d->labels.resize(idx.size());
    d->pixels.resize(idx.size() * (size_t)cnn::Dataset::kImage);
    for (size_t j = 0; j < idx.size(); j++) {
        d->labels[j] = all->labels[idx[j]];
        std::memcpy(d->pixels.data() + j * cnn::Dataset::kImage, all->image(idx[j]), cnn::Dataset::kImage);
    }
    return d;
}

} // namespace app
