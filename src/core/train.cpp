// train.cpp — evaluation and the batch-at-a-time training state machine (see train.h).
#include "core/train.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "core/error.h"

namespace cnn {

std::string History::csv() const {
    std::string s = "epoch,loss,accuracy,val_loss,val_accuracy,seconds,images_per_s\n";
    char buf[256];
    for (const auto& e : epochs) {
        std::snprintf(buf, sizeof buf, "%d,%.6f,%.6f,%.6f,%.6f,%.3f,%.1f\n", e.epoch, e.loss, e.accuracy,
                      e.val_loss, e.val_accuracy, e.seconds, e.images_per_s);
        s += buf;
    }
    return s;
}

EvalResult evaluate(Model& model, const Dataset& data, ThreadPool& pool, int batch, std::vector<float>* probs) {
    EvalResult r;
    r.n = data.size();
    if (r.n == 0) return r;
    const int K = model.num_classes();
    if (probs) probs->assign((size_t)r.n * K, 0.f);
    std::vector<float> x((size_t)batch * Dataset::kImage);
    std::vector<int> y(batch), idx(batch);
    double loss_sum = 0;
    long correct = 0;
    for (int i0 = 0; i0 < r.n; i0 += batch) {
        int n = std::min(batch, r.n - i0);
        std::iota(idx.begin(), idx.begin() + n, i0);
        make_batch(data, idx.data(), n, x.data(), y.data());
        const float* p = model.forward(x.data(), n, false, pool);
        int ok = 0;
        loss_sum += model.loss(y.data(), n, &ok) * n;
        correct += ok;
        if (probs) std::copy(p, p + (size_t)n * K, probs->begin() + (size_t)i0 * K);
    }
    r.loss = loss_sum / r.n;
    r.correct = correct;
    r.accuracy = (double)correct / r.n;
    return r;
}

Trainer::Trainer(Model& model, Optimizer& opt, const Dataset& train, const Dataset* val, TrainConfig cfg,
                 ThreadPool& pool)
    : model_(model), opt_(opt), train_(train), val_(val), cfg_(cfg), pool_(pool), rng_(cfg.seed) {
    if (train.size() == 0) throw Error("the training set is empty");
    if (cfg.batch_size <= 0) throw Error("batch size must be positive");
    if (cfg.epochs < 0) throw Error("epochs must be 0 or more");
    ErrorInfo not_classifier = classifier_error(model, Shape{Dataset::C, Dataset::H, Dataset::W}, Dataset::kClasses);
    if (not_classifier) throw Error(not_classifier);
    nbatches_ = (train.size() + cfg.batch_size - 1) / cfg.batch_size;
    order_.resize(train.size());
    x_.resize((size_t)cfg.batch_size * Dataset::kImage);
    y_.resize(cfg.batch_size);
}

bool Trainer::step() {
    epoch_ended_ = false;
    if (done()) return false;
    auto t0 = std::chrono::steady_clock::now();
    if (batch_ == 0) {
        std::iota(order_.begin(), order_.end(), 0);
        if (cfg_.shuffle)  // Fisher–Yates with the project's portable generator
            for (int i = (int)order_.size() - 1; i > 0; i--) std::swap(order_[i], order_[rng_.below((uint32_t)i + 1)]);
        run_loss_ = 0; run_n_ = 0; run_correct_ = 0; epoch_seconds_ = 0;
    }
    int i0 = batch_ * cfg_.batch_size;
    int n = std::min(cfg_.batch_size, train_.size() - i0);
    make_batch(train_, &order_[i0], n, x_.data(), y_.data());
    model_.forward(x_.data(), n, true, pool_);
    int ok = 0;
    double loss = model_.loss(y_.data(), n, &ok);
    if (!std::isfinite(loss)) {
        // Restore the optimizer too: its moments/velocity hold the step that blew up, and
        // would blow up the next update again even at a lower learning rate.
        if (!backup_.empty()) {
            model_.params = backup_;
            opt_.m = opt_backup_.m; opt_.v = opt_backup_.v; opt_.t = opt_backup_.t;
        }
        throw Diverged("training diverged: the loss became " + std::string(std::isnan(loss) ? "NaN" : "infinite") +
                           " at epoch " + std::to_string(epoch_ + 1) + ", batch " + std::to_string(batch_ + 1) +
                           "; the weights from before the last update were restored (try a lower learning rate)",
                       epoch_ + 1, batch_ + 1, std::isnan(loss));
    }
    backup_ = model_.params;
    opt_backup_ = opt_;
    model_.backward(x_.data(), y_.data(), n, pool_);
    opt_.step(model_.params.data(), model_.grads.data(), model_.params.size());
    last_loss_ = loss;
    run_loss_ += loss * n;
    run_n_ += n;
    run_correct_ += ok;
    batch_++;
    epoch_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (batch_ == nbatches_) {
        EpochStats e;
        e.epoch = epoch_ + 1;
        e.loss = running_loss();
        e.accuracy = running_accuracy();
        e.seconds = epoch_seconds_;
        e.images_per_s = epoch_seconds_ > 0 ? run_n_ / epoch_seconds_ : 0;
        if (val_ && val_->size()) {
            auto t1 = std::chrono::steady_clock::now();
            EvalResult v = last_val_ = evaluate(model_, *val_, pool_, 250, &val_probs_);
            e.val_loss = v.loss;
            e.val_accuracy = v.accuracy;
            e.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
        }
        history_.epochs.push_back(e);
        epoch_++;
        batch_ = 0;
        epoch_ended_ = true;
    }
    return !done();
}

} // namespace cnn
