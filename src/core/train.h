// train.h — the training loop as a state machine, so a command-line tool can run it to the
// end and a UI can run it one batch at a time (Start/Pause/Step): per-epoch shuffling,
// validation after each epoch, and a Keras-like history. Divergence (a non-finite loss)
// stops training with a message naming the epoch and batch. Not here: threads of its own
// (the caller decides where step() runs) or any printing.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/cifar.h"
#include "core/error.h"
#include "core/model.h"
#include "core/optim.h"

namespace cnn {

struct EpochStats {
    int epoch = 0;  // 1-based
    double loss = 0, accuracy = 0, val_loss = 0, val_accuracy = 0;
    double seconds = 0, images_per_s = 0;
};

struct History {
    std::vector<EpochStats> epochs;
    std::string csv() const;  // epoch,loss,accuracy,val_loss,val_accuracy,seconds,images_per_s
};

struct EvalResult {
    double loss = 0, accuracy = 0;
    int n = 0;
    long correct = 0;  // images whose top class is the label
};

// Loss and accuracy of the model over a data set, in batches of `batch`. If probs is given
// it receives (N, classes) probabilities.
EvalResult evaluate(Model& model, const Dataset& data, ThreadPool& pool, int batch = 250,
                    std::vector<float>* probs = nullptr);

struct TrainConfig {
    int epochs = 5;
    int batch_size = 32;
    uint64_t seed = 1;   // shuffling stream (weights are seeded by Model::init)
    bool shuffle = true;
};

// What Trainer::step() throws when the loss becomes NaN or infinite (an Error like any other
// for callers that only print it); says where, so a front end can offer what to do next.
struct Diverged : Error {
    int epoch, batch;  // 1-based: the epoch and the batch whose loss was not finite
    bool nan;          // NaN (else infinite)
    Diverged(const std::string& msg, int e, int b, bool is_nan) : Error(msg), epoch(e), batch(b), nan(is_nan) {}
};

class Trainer {
public:
    // train/val must outlive the trainer; val may be null (no validation).
    Trainer(Model& model, Optimizer& opt, const Dataset& train, const Dataset* val,
            TrainConfig cfg, ThreadPool& pool);

    // Trains one batch (shuffling at an epoch's start, validating at its end). Returns false
    // once all epochs are done. Throws Error if the loss becomes NaN or infinite; the
    // weights and optimizer state are then those from before the update that produced it
    // (the last ones that gave a finite loss).
    bool step();
    bool done() const { return epoch_ >= cfg_.epochs; }

    int epoch() const { return epoch_; }              // epochs completed
    int batch() const { return batch_; }              // batches done in the current epoch
    int batches_per_epoch() const { return nbatches_; }
    double last_loss() const { return last_loss_; }   // loss of the latest batch
    double running_loss() const { return run_n_ ? run_loss_ / run_n_ : 0; }  // this epoch so far
    double running_accuracy() const { return run_n_ ? (double)run_correct_ / run_n_ : 0; }
    bool epoch_just_ended() const { return epoch_ended_; }  // true right after step() ended one
    // The validation that ended the last epoch, and its (Nval, classes) probabilities, which
    // a caller may take (once) instead of evaluating the same weights again.
    const EvalResult& last_validation() const { return last_val_; }
    std::vector<float> take_validation_probs() { return std::move(val_probs_); }
    const History& history() const { return history_; }
    History& history() { return history_; }

private:
    Model& model_;
    Optimizer& opt_;
    const Dataset& train_;
    const Dataset* val_;
    TrainConfig cfg_;
    ThreadPool& pool_;
    Rng rng_;
    std::vector<int> order_;  // (Ntrain) shuffled indices of the epoch
    std::vector<float> x_;    // (B, 3, 32, 32)
    std::vector<int> y_;      // (B)
    std::vector<float> backup_;  // parameters before the current step (divergence restore)
    Optimizer opt_backup_;       // optimizer state (moments, velocity, t) before it, likewise
    int epoch_ = 0, batch_ = 0, nbatches_ = 0;
    double last_loss_ = 0, run_loss_ = 0, epoch_seconds_ = 0;
    int64_t run_n_ = 0, run_correct_ = 0;
    bool epoch_ended_ = false;
    EvalResult last_val_;
    std::vector<float> val_probs_;  // (Nval, classes) after the last epoch; empty once taken
    History history_;
};

} // namespace cnn
