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
struct Inside {
    int set = 1, image = 0;        // set 0 = training data, 1 = test data
    int label = 0;
    std::vector<float> probs;      // (classes)
    std::vector<float> logits;     // (classes): the scores before softmax (concepts.h last_logits)
    std::vector<uint8_t> pixels;   // (3, 32, 32): the image's bytes, 0..255, before scaling
    std::vector<LayerView> layers;
    std::vector<KernelView> kernels;
    int64_t at_step = 0;           // training steps taken when computed (as Predictions::at_step)
    uint64_t version = 0;
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
    void select_image(int set, int index);
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
    void compute_inside();
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
