// engine.cpp — the training side: a command queue drained by the training thread (or the
// frame, single-thread build), batches run through cnn::Trainer, and snapshots published at
// most every 100 ms plus at events (epoch end, pause, step done). Predictions on the test
// set and the chosen image's feature maps are refreshed together, from the same weights,
// every few seconds while training (less often when a pass is slow) and at every event; at
// an epoch's end the trainer's validation pass is taken as they are (the single-thread build
// spreads the test set over several frames and trains none meanwhile). Not here: drawing, or
// anything the UI thread owns.
#include "app/session/engine.h"
#include "app/session/concepts.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/error.h"
#include "core/explain/gradcam.h"
#include "core/explain/occlusion.h"
#include "core/explain/saliency.h"
#include "core/layers/conv2d.h"

namespace app {

static cnn::Model scratch_copy(const cnn::Model& m);  // for the explanations (below)

// How often predictions and the Inside view follow training: every 3 s of wall time, or less
// often when a pass over the test set is slow (training waits during it: the page's 1,000
// test images take about 0.3 s, the full 10,000 seconds), so that passes take at most 1/21
// of the time.
double views_every(double pass_s) {
    return std::max(3.0, 20.0 * pass_s);
}

double now_s() {
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

const char* status_name(Status s) {
    switch (s) {
    case Status::Idle: return "idle";
    case Status::Running: return "running";
    case Status::Paused: return "paused";
    case Status::Done: return "done";
    case Status::Error: return "error";
    case Status::Diverged: return "diverged";
    }
    return "?";
}

Engine::Engine(bool threaded, cnn::MemoryLimit limit) : threaded_(threaded), limit_(std::move(limit)) {
    snap_ = std::make_shared<Snapshot>();
    pool_ = std::make_unique<cnn::ThreadPool>(1);
    if (threaded_) thread_ = std::thread(&Engine::thread_main, this);
}

Engine::~Engine() {
    {
        std::lock_guard<std::mutex> lk(mu_);
        quit_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

// ------------------------------------------------------------------ UI-thread side
void Engine::post(std::function<void()> cmd) {
    {
        std::lock_guard<std::mutex> lk(mu_);
        queue_.push_back(std::move(cmd));
    }
    cv_.notify_all();
}

void Engine::set_data(std::shared_ptr<const cnn::Dataset> train, std::shared_ptr<const cnn::Dataset> test) {
    post([this, train, test] {
        bool same = train == train_ && test == test_;
        train_ = train;
        test_ = test;  // the trainer keeps references: rebuild it whenever either changes
        if (!same || !trainer_) rebuild_trainer(true);
        if (sel_set_ == 0 && train_ && sel_image_ >= train_->size()) sel_image_ = 0;
        if (sel_set_ == 1 && test_ && sel_image_ >= test_->size()) sel_image_ = 0;
        job_.reset();
        want_preds_ = want_inside_ = true;
    });
}

void Engine::set_model(const std::string& spec, const cnn::TrainSettings& h) {
    post([this, spec, h] {
        hyper_ = h;
        fresh_weights(spec);
    });
}

void Engine::set_hyper(const cnn::TrainSettings& h) {
    post([this, h] {
        cnn::TrainSettings old = hyper_;
        cnn::update_optimizer(opt_, h);
        hyper_.optimizer = h.optimizer;
        hyper_.lr = h.lr;
        if (h.threads != old.threads) {
            hyper_.threads = h.threads;
            pool_ = std::make_unique<cnn::ThreadPool>(std::max(1, h.threads));
            // The trainer holds a reference to the pool. A finished run stays finished: its
            // trainer is retired and the next Start makes one (as a continue would).
            if (status_ == Status::Done) retire_trainer();
            else rebuild_trainer(true);
        }
        // Batch size, epochs and seed reshape the run: at once if nothing is trained yet.
        if (pristine_ && !model_.layers.empty() && (h.batch != old.batch || h.epochs != old.epochs || h.seed != old.seed)) {
            hyper_ = h;
            fresh_weights(model_.spec());
        } else if (h.epochs != old.epochs && (status_ == Status::Done || status_ == Status::Idle)) {
            hyper_.epochs = h.epochs;
        }
        dirty_ = true;
    });
}

void Engine::start() {
    post([this] {
        if (model_.layers.empty()) return;
        if (!trainer_ || trainer_->done() || status_ == Status::Error) {
            // Continue: another hyper.epochs epochs on the same weights.
            rebuild_trainer(true);
        }
        if (!trainer_) return;  // refused (memory): the message says why
        // After a divergence the trainer goes on from the batch that failed, with the weights
        // it restored and the learning rate in force now.
        status_ = Status::Running;
        message_.clear();
        steps_left_ = 0;
        win_start_ = now_s();
        win_images_ = 0;
        dirty_ = true;
    });
}

void Engine::pause() {
    post([this] {
        if (status_ == Status::Running) {
            status_ = Status::Paused;
            steps_left_ = 0;
            want_preds_ = want_inside_ = want_autosave_ = true;
        }
    });
}

void Engine::step(int n) {
    post([this, n] {
        if (n <= 0 || model_.layers.empty()) return;
        if (!trainer_ || trainer_->done()) rebuild_trainer(true);
        if (!trainer_) return;
        steps_left_ = n;
        status_ = Status::Running;
        message_.clear();
        win_start_ = now_s();
        win_images_ = 0;
        dirty_ = true;
    });
}

void Engine::reset(const cnn::TrainSettings& h) {
    post([this, h] {
        hyper_ = h;
        if (pool_->size() != std::max(1, h.threads)) pool_ = std::make_unique<cnn::ThreadPool>(std::max(1, h.threads));
        fresh_weights(model_.layers.empty() ? std::string(cnn::kTutorialModel) : model_.spec());
    });
}

void Engine::select_image(int set, int index) {
    post([this, set, index] {
        sel_set_ = set;
        sel_image_ = index;
        want_inside_ = true;
    });
}

void Engine::set_picture(std::shared_ptr<const std::vector<float>> x, uint64_t version) {
    post([this, x, version] {
        picture_ = x;
        picture_version_ = version;
        if (sel_set_ == kSetPicture) want_inside_ = true;
    });
}

void Engine::explain(int cls) {
    post([this, cls] {
        why_cls_ = cls;
        want_why_ = cls >= -1;
        if (cls < -1) why_.reset();
    });
}

void Engine::filter_top(int layer, int filter) {
    post([this, layer, filter] {
        top_layer_ = layer;
        top_filter_ = filter;
        want_top_ = layer >= 0;
        if (layer < 0) top_.reset();
    });
}

void Engine::load_checkpoint(std::shared_ptr<cnn::Checkpoint> ck, const cnn::TrainSettings& h) {
    post([this, ck, h] {
        hyper_ = h;
        model_ = std::move(ck->model);
        if (ck->has_optimizer) {
            opt_ = ck->optimizer;
            hyper_.optimizer = opt_.kind;
            hyper_.lr = opt_.lr;
        } else {
            opt_ = cnn::make_optimizer(hyper_);
        }
        past_ = ck->history.epochs;
        batch_loss_.clear();
        batch_acc_.clear();
        ema_ = ema_acc_ = 0;
        ema_n_ = 0;
        job_.reset();
        steps_ = 0;
        pristine_ = false;
        trainer_.reset();
        rebuild_trainer(false);
        status_ = Status::Idle;
        message_.clear();
        model_version_++;
        want_preds_ = want_inside_ = true;
    });
}

void Engine::request_save(bool download) {
    post([this, download] { save_now(download); });
}

void Engine::set_steps(int64_t steps) {
    post([this, steps] {
        steps_ = std::max<int64_t>(0, steps);
        job_.reset();
        want_preds_ = want_inside_ = true;  // so their batch count is this one
    });
}

std::shared_ptr<const Snapshot> Engine::snapshot() const {
    std::lock_guard<std::mutex> lk(mu_);
    return snap_;
}

bool Engine::take_saved(std::vector<uint8_t>* bytes, bool* download, int64_t* steps) {
    std::lock_guard<std::mutex> lk(mu_);
    if (!saved_ready_) return false;
    bytes->swap(saved_);
    *download = saved_download_;
    if (steps) *steps = saved_steps_;
    saved_ready_ = false;
    saved_.clear();
    return true;
}

void Engine::pump(double budget_ms) {
    if (!threaded_) work(budget_ms);
}

// ------------------------------------------------------------------ training side
void Engine::thread_main() {
    for (;;) {
        {
            std::unique_lock<std::mutex> lk(mu_);
            if (quit_) return;
            bool busy = status_ == Status::Running || !queue_.empty() || want_preds_ || want_inside_ || want_why_ || want_top_;
            // Idle: sleep until a command arrives (the timeout only bounds a missed wake-up).
            if (!busy) cv_.wait_for(lk, std::chrono::milliseconds(200), [&] { return quit_ || !queue_.empty(); });
            if (quit_) return;
        }
        work(100.0);
    }
}

// Throws cnn::Error when training m with batches of `batch` on the current data would not fit
// in the memory limit (the message shows the estimate). Only shapes are needed.
void Engine::check_fits(const cnn::Model& m, int batch) const {
    size_t ntrain = train_ ? (size_t)train_->size() : 0, ntest = test_ ? (size_t)test_->size() : 0;
    cnn::check_memory(cnn::estimate_training_memory(m, std::max(1, batch), ntrain, ntest, hyper_.threads), limit_);
}

// An error stops training; its code, when the core gave one, goes with it to the snapshot.
void Engine::fail(const std::exception& e) {
    message_ = e.what();
    auto* ce = dynamic_cast<const cnn::Error*>(&e);
    problem_ = ce ? ce->info : cnn::ErrorInfo{};
    status_ = Status::Error;
    dirty_ = true;
}

void Engine::fresh_weights(const std::string& spec) {
    try {
        // Shapes first: a model too big for the heap is refused before any weight exists,
        // and the current model stays.
        cnn::Model m = cnn::Model::parse_shapes(spec);
        check_fits(m, hyper_.batch);
        m.allocate();
        m.init(cnn::weights_seed(hyper_));
        model_ = std::move(m);
        message_.clear();
        status_ = Status::Idle;
    } catch (const std::exception& e) {
        fail(e);
        return;
    }
    opt_ = cnn::make_optimizer(hyper_);
    past_.clear();
    batch_loss_.clear();
    batch_acc_.clear();
    ema_ = ema_acc_ = 0;
    ema_n_ = 0;
    steps_ = 0;
    pristine_ = true;
    job_.reset();
    steps_left_ = 0;
    ips_ = 0;
    trainer_.reset();
    rebuild_trainer(false);
    model_version_++;
    want_preds_ = want_inside_ = true;
    dirty_ = true;
}

// A new Trainer over the current data and weights; the old one's finished epochs are kept
// in past_ so the curves continue.
void Engine::rebuild_trainer(bool keep_history) {
    if (trainer_ && keep_history) {
        for (auto e : trainer_->history().epochs) {
            e.epoch = (int)past_.size() + 1;
            past_.push_back(e);
        }
    }
    trainer_.reset();
    if (!train_ || train_->size() == 0 || model_.layers.empty()) return;
    try {
        check_fits(model_, hyper_.batch);  // a bigger batch or data set may not fit
    } catch (const std::exception& e) {
        fail(e);
        return;
    }
    // Epochs is the run's target: continue up to it, or another full run once reached.
    cnn::TrainConfig cfg = cnn::train_config(hyper_, (int)past_.size());
    trainer_ = std::make_unique<cnn::Trainer>(model_, opt_, *train_, test_ && test_->size() ? test_.get() : nullptr,
                                              cfg, *pool_);
    if (status_ == Status::Done) status_ = Status::Paused;
    dirty_ = true;
}

void Engine::retire_trainer() {
    if (trainer_)
        for (auto e : trainer_->history().epochs) {
            e.epoch = (int)past_.size() + 1;
            past_.push_back(e);
        }
    trainer_.reset();
    dirty_ = true;
}

// One slice of the training side: the queued commands, batches for about budget_ms, the
// views that are due, an autosave after each epoch and when a run stops, and a snapshot at
// most every 100 ms.
bool Engine::work(double budget_ms) {
    run_commands();
    // Single-thread build: while predictions are being computed over frames, no training.
    bool trained = job_ ? false : train_for(budget_ms);
    if (trained) note_progress(now_s());
    refresh_views(trained && !threaded_ ? 0.0 : budget_ms);
    // After every epoch (a run going on too: a reload must not lose a finished epoch) and
    // whenever a run stops.
    if (want_autosave_) {
        save_now(false);
        want_autosave_ = false;
    }
    if (dirty_ && (now_s() - last_publish_ > 0.1 || status_ != Status::Running)) {
        publish();
        dirty_ = false;
        last_publish_ = now_s();
    }
    return trained;
}

void Engine::run_commands() {
    std::vector<std::function<void()>> cmds;
    {
        std::lock_guard<std::mutex> lk(mu_);
        cmds.swap(queue_);
    }
    for (auto& c : cmds) {
        try {
            c();
        } catch (const std::exception& e) {
            fail(e);
        }
        dirty_ = true;
    }
}

// Batches while running, for about budget_ms; true if any was trained.
bool Engine::train_for(double budget_ms) {
    double t0 = now_s();
    bool trained = false;
    while (status_ == Status::Running && trainer_ && now_s() - t0 < budget_ms * 1e-3) {
        try {
            train_one_batch();
            trained = true;
        } catch (const cnn::Diverged& d) {
            status_ = Status::Diverged;
            message_ = d.what();
            div_epoch_ = d.epoch;
            div_batch_ = d.batch;
            steps_left_ = 0;
            want_preds_ = want_inside_ = true;
        } catch (const std::exception& e) {
            fail(e);
            want_preds_ = want_inside_ = true;
        }
    }
    return trained;
}

// One step of the trainer, and what follows from it: the smoothed loss, the end of an epoch,
// of a Step(n), of the run.
void Engine::train_one_batch() {
    int done_before = trainer_->batch() * hyper_.batch;  // images of this epoch before the batch
    int b = std::min(hyper_.batch, train_->size() - done_before);
    double correct_before = done_before ? trainer_->running_accuracy() * done_before : 0;
    bool more = trainer_->step();
    pristine_ = false;
    steps_++;
    win_images_ += b;
    // The batch's own accuracy, from the running one (the trainer counts this epoch's hits).
    double batch_acc = b > 0 ? (trainer_->running_accuracy() * (done_before + b) - correct_before) / b : 0;
    // Smoothed batch loss and accuracy: EMA with bias correction, as TensorBoard's smoothing.
    ema_n_++;
    ema_ = 0.95 * ema_ + 0.05 * trainer_->last_loss();
    ema_acc_ = 0.95 * ema_acc_ + 0.05 * std::clamp(batch_acc, 0.0, 1.0);
    double debias = 1.0 - std::pow(0.95, (double)ema_n_);
    batch_loss_.push_back((float)(ema_ / debias));
    batch_acc_.push_back((float)(ema_acc_ / debias));
    if (trainer_->epoch_just_ended()) want_preds_ = want_inside_ = want_autosave_ = true;
    if (steps_left_ > 0 && --steps_left_ == 0) {
        status_ = Status::Paused;
        want_preds_ = want_inside_ = want_autosave_ = true;
    }
    if (!more) {
        status_ = Status::Done;
        want_preds_ = want_inside_ = want_autosave_ = true;
    }
    if (trainer_->epoch_just_ended()) predictions_from_validation();
}

// Images per second over a window of about a second of wall time; views due by the clock.
void Engine::note_progress(double t) {
    dirty_ = true;
    if (t - win_start_ >= 1.0) {
        ips_ = win_images_ / (t - win_start_);
        win_start_ = t;
        win_images_ = 0;
    } else if (ips_ == 0 && t - win_start_ > 0.2) {
        ips_ = win_images_ / (t - win_start_);
    }
    if (t - last_preds_ > views_every(pred_cost_s_)) want_preds_ = true;
}

// Predictions and the Inside view come from the same weights: when predictions are due a
// job starts, and once it has seen the whole test set the Inside view is recomputed with it.
// Between them the Inside view alone follows a newly chosen image. budget_ms bounds a frame
// of the single-thread build; the training thread finishes a job at once.
void Engine::refresh_views(double budget_ms) {
    if (want_preds_ && !job_) {
        begin_predictions();
        want_preds_ = false;
    }
    if (job_) {
        // A stopped single-thread run has no training to keep short: all of it in this frame.
        bool at_once = threaded_ || status_ != Status::Running;
        if (!advance_predictions(at_once ? 1e9 : budget_ms)) return;
        last_preds_ = now_s();
        want_inside_ = true;
        want_top_ = top_layer_ >= 0;
    }
    if (want_inside_) {
        compute_inside();
        want_inside_ = false;
        dirty_ = true;
    }
    if (want_why_) {
        try {
            compute_why();
        } catch (const std::exception& e) {  // published as the maps' error, training goes on
            auto w = std::make_shared<Why>();
            w->error = e.what();
            w->version = ++why_version_;
            why_ = w;
        }
        want_why_ = false;
        dirty_ = true;
    }
    if (want_top_) {
        compute_filter_top();
        want_top_ = false;
        dirty_ = true;
    }
}

// The top 9 test images of the asked filter, on a scratch copy of the weights; a refusal
// (no such conv layer or filter) is published as the error.
void Engine::compute_filter_top() {
    if (!test_ || test_->size() == 0 || model_.layers.empty() || top_layer_ < 0) return;
    auto t = std::make_shared<FilterTop>();
    try {
        cnn::Model m = scratch_copy(model_);
        t->top = cnn::top_images(m, top_layer_, top_filter_, *test_, 9, *pool_);
    } catch (const std::exception& e) {
        t->error = e.what();
        t->top.layer = top_layer_;
        t->top.filter = top_filter_;
    }
    t->at_step = steps_;
    t->version = ++top_version_;
    top_ = t;
}

void Engine::begin_predictions() {
    job_.reset();
    if (!test_ || test_->size() == 0 || model_.layers.empty()) return;
    job_ = std::make_unique<PredJob>();
    job_->p = std::make_shared<Predictions>();
    job_->p->at_step = steps_;
    job_->probs.assign((size_t)test_->size() * model_.num_classes(), 0.f);
}

// Batches of the test set for about budget_ms (none in a frame that trained); at the end, the job's
// predictions replace the published ones.
bool Engine::advance_predictions(double budget_ms) {
    PredJob& j = *job_;
    const int n = test_->size(), K = model_.num_classes(), batch = 50;
    std::vector<float> x((size_t)batch * cnn::Dataset::kImage);
    std::vector<int> y(batch), idx(batch);
    const double t0 = now_s();
    while (j.next < n && now_s() - t0 < budget_ms * 1e-3) {
        int m = std::min(batch, n - j.next);
        for (int i = 0; i < m; i++) idx[i] = j.next + i;
        cnn::make_batch(*test_, idx.data(), m, x.data(), y.data());
        const float* pr = model_.forward(x.data(), m, false, *pool_);
        int ok = 0;
        j.loss_sum += model_.loss(y.data(), m, &ok) * m;
        j.correct += ok;
        std::copy(pr, pr + (size_t)m * K, j.probs.begin() + (size_t)j.next * K);
        j.next += m;
    }
    j.busy_s += now_s() - t0;
    if (j.next < n) return false;
    pred_cost_s_ = j.busy_s;
    finish_predictions();
    job_.reset();
    dirty_ = true;
    return true;
}

// An epoch has just ended, and the trainer validated these very weights on the test set:
// its probabilities become the predictions, without a second pass.
void Engine::predictions_from_validation() {
    std::vector<float> probs = trainer_->take_validation_probs();
    const cnn::EvalResult& v = trainer_->last_validation();
    // Not the test set after all: a pass of its own follows, as for any refresh.
    if (!test_ || v.n != test_->size() || probs.size() != (size_t)v.n * model_.num_classes()) return;
    begin_predictions();
    if (!job_) return;
    job_->probs = std::move(probs);
    job_->next = v.n;
    job_->loss_sum = v.loss * v.n;
    job_->correct = v.correct;
    finish_predictions();
    job_.reset();
    compute_inside();  // now: the batches that follow in this slice would run it ahead
    want_preds_ = want_inside_ = false;
    want_top_ = top_layer_ >= 0;  // the filter's top images follow the new weights
    last_preds_ = now_s();
    dirty_ = true;
}

// Each image's best three classes, the confusion matrix and the per-class counts.
void Engine::finish_predictions() {
    PredJob& j = *job_;
    std::shared_ptr<Predictions> p = j.p;
    const std::vector<float>& probs = j.probs;
    int n = test_->size(), K = model_.num_classes();
    p->n = n;
    p->loss = j.loss_sum / n;
    p->accuracy = (double)j.correct / n;
    p->pred.resize(n);
    p->top_k.resize((size_t)n * 3);
    p->top_p.resize((size_t)n * 3);
    for (int i = 0; i < n; i++) {
        const float* pr = &probs[(size_t)i * K];
        int best[3] = {0, 0, 0};
        float bp[3] = {-1, -1, -1};
        for (int k = 0; k < K; k++) {
            float v = pr[k];
            for (int j = 0; j < 3; j++) {
                if (v > bp[j]) {
                    for (int m = 2; m > j; m--) { bp[m] = bp[m - 1]; best[m] = best[m - 1]; }
                    bp[j] = v;
                    best[j] = k;
                    break;
                }
            }
        }
        int t = test_->labels[i];
        p->pred[i] = (uint8_t)best[0];
        for (int j = 0; j < 3; j++) {
            p->top_k[(size_t)i * 3 + j] = (uint8_t)best[j];
            p->top_p[(size_t)i * 3 + j] = std::max(0.f, bp[j]);
        }
        if (t < 10 && best[0] < 10) p->confusion[t][best[0]]++;
        if (t < 10) {
            p->class_total[t]++;
            p->class_correct[t] += best[0] == t;
        }
    }
    preds_ = p;
}

// The chosen image's input (3, 32, 32) and its label into `in`; false when there is none.
bool Engine::chosen_input(Inside& in) const {
    if (sel_set_ == kSetPicture) {
        if (!picture_ || picture_->size() != (size_t)cnn::Dataset::kImage) return false;
        in.set = kSetPicture;
        in.image = 0;
        in.label = -1;
        in.input = *picture_;
        in.picture_version = picture_version_;
        in.pixels.resize(in.input.size());  // the bytes a 0..1 picture stands for
        for (size_t i = 0; i < in.input.size(); i++)
            in.pixels[i] = (uint8_t)std::lround(std::clamp(in.input[i], 0.f, 1.f) * 255.f);
        return true;
    }
    const cnn::Dataset* d = sel_set_ == kSetTrain ? train_.get() : test_.get();
    if (!d || d->size() == 0) return false;
    int idx = std::clamp(sel_image_, 0, d->size() - 1);
    in.set = sel_set_;
    in.image = idx;
    in.input.resize(cnn::Dataset::kImage);
    cnn::make_batch(*d, &idx, 1, in.input.data(), &in.label);
    in.pixels.assign(d->image(idx), d->image(idx) + cnn::Dataset::kImage);
    return true;
}

void Engine::compute_inside() {
    if (model_.layers.empty()) return;
    auto in = std::make_shared<Inside>();
    if (!chosen_input(*in)) return;
    const float* probs = model_.forward(in->input.data(), 1, false, *pool_);
    in->probs.assign(probs, probs + model_.num_classes());
    in->logits = last_logits(model_, in->input.data());
    for (size_t i = 0; i < model_.layers.size(); i++) {
        const cnn::Layer& L = *model_.layers[i];
        LayerView v;
        v.name = L.name;
        v.kind = L.kind();
        v.out = L.out;
        const float* o = model_.layer_output((int)i);
        v.values.assign(o, o + L.out.size());
        in->layers.push_back(std::move(v));
        if (auto* c = dynamic_cast<const cnn::Conv2D*>(&L)) {
            KernelView k;
            k.name = L.name;
            k.oc = c->filters;
            k.c = L.in.c;
            k.k = c->k;
            k.w.assign(c->W, c->W + (size_t)k.oc * k.c * k.k * k.k);
            k.b.assign(c->b, c->b + k.oc);
            in->kernels.push_back(std::move(k));
        }
    }
    in->at_step = steps_;
    in->version = ++inside_version_;
    inside_ = in;
    want_why_ = why_cls_ >= -1;  // the maps follow the Inside view's image and weights
}

// A model of the same layers and weights, for the explanations to use as scratch (they
// overwrite forward buffers and gradients; the trainer's model keeps its own).
static cnn::Model scratch_copy(const cnn::Model& m) {
    cnn::Model c = cnn::Model::parse(m.spec());
    std::copy(m.params.begin(), m.params.end(), c.params.begin());
    return c;
}

// The four maps for the Inside view's image and class why_cls_ (-1: its top class).
void Engine::compute_why() {
    if (!inside_ || inside_->input.empty() || model_.layers.empty() || why_cls_ < -1) return;
    const Inside& in = *inside_;
    auto w = std::make_shared<Why>();
    w->top = why_cls_ < 0;
    w->cls = w->top ? (int)(std::max_element(in.probs.begin(), in.probs.end()) - in.probs.begin())
                    : std::min(why_cls_, model_.num_classes() - 1);
    w->set = in.set;
    w->image = in.image;
    w->picture_version = in.picture_version;
    w->size = model_.input.h;
    cnn::Model m = scratch_copy(model_);
    const float* x = in.input.data();
    const cnn::Shape& s = model_.input;
    double t = now_s();
    auto lap = [&t](double* ms) { double n = now_s(); *ms = (n - t) * 1e3; t = n; };
    cnn::OcclusionMap occ = cnn::occlusion(m, x, w->cls, w->occ_patch, w->occ_stride, *pool_);
    w->occlusion = occ.pixels;
    w->base = occ.base;
    lap(&w->ms[0]);
    w->gradient = cnn::gradient_pixels(cnn::input_gradient(m, x, w->cls, *pool_), s.c, s.h, s.w);
    lap(&w->ms[1]);
    w->smoothgrad = cnn::gradient_pixels(cnn::smoothgrad(m, x, w->cls, cnn::SmoothGradOptions{}, *pool_), s.c, s.h, s.w);
    lap(&w->ms[2]);
    if (cnn::last_conv_layer(m) >= 0) w->gradcam = cnn::grad_cam(m, x, w->cls, *pool_).map;
    lap(&w->ms[3]);
    w->at_step = in.at_step;
    w->inside_version = in.version;
    w->version = ++why_version_;
    why_ = w;
}

void Engine::save_now(bool download) {
    if (model_.layers.empty()) return;
    cnn::History h;
    h.epochs = past_;
    if (trainer_)
        for (auto e : trainer_->history().epochs) {
            e.epoch = (int)h.epochs.size() + 1;
            h.epochs.push_back(e);
        }
    std::vector<uint8_t> bytes = cnn::save_model(model_, &opt_, &h);
    std::lock_guard<std::mutex> lk(mu_);
    // A user's download is never replaced by an autosave waiting in the same slot.
    if (saved_ready_ && saved_download_ && !download) return;
    saved_.swap(bytes);
    saved_steps_ = steps_;
    saved_ready_ = true;
    saved_download_ = download;
}

void Engine::publish() {
    auto s = std::make_shared<Snapshot>();
    s->status = status_;
    s->message = message_;
    s->problem = problem_ && problem_.what == message_ ? problem_ : cnn::ErrorInfo{};  // not a stale one
    s->diverged_epoch = status_ == Status::Diverged ? div_epoch_ : 0;
    s->diverged_batch = status_ == Status::Diverged ? div_batch_ : 0;
    s->spec = model_.layers.empty() ? "" : model_.spec();
    for (const auto& L : model_.layers) s->layer_names.push_back(L->name);
    s->num_params = model_.num_params();
    s->model_version = model_version_;
    s->hyper = hyper_;
    s->steps = steps_;
    s->history = past_;
    int done_before = (int)past_.size();
    if (trainer_) {
        for (auto e : trainer_->history().epochs) {
            e.epoch = (int)s->history.size() + 1;
            s->history.push_back(e);
        }
        s->epoch = done_before + trainer_->epoch();
        // The trainer's own epoch count isn't exposed: the target is where this run stops.
        int target = done_before < hyper_.epochs ? hyper_.epochs : done_before + hyper_.epochs;
        s->epochs_total = std::max(target, s->epoch);
        s->batch = trainer_->batch();
        s->batches_per_epoch = trainer_->batches_per_epoch();
        s->loss = trainer_->running_loss();
        s->accuracy = trainer_->running_accuracy();
        s->last_loss = trainer_->last_loss();
    } else {
        s->epoch = done_before;
        s->epochs_total = std::max(hyper_.epochs, done_before);
        s->batches_per_epoch = train_ ? (train_->size() + hyper_.batch - 1) / std::max(1, hyper_.batch) : 0;
    }
    // A finished run ends on its last batch, not on the next epoch's first.
    if (status_ == Status::Done) s->batch = s->batches_per_epoch;
    s->images_per_s = status_ == Status::Running ? ips_ : 0;
    if (s->images_per_s > 0 && train_) {
        double left_batches = (double)(s->epochs_total - s->epoch) * s->batches_per_epoch - s->batch;
        s->eta_s = std::max(0.0, left_batches) * hyper_.batch / s->images_per_s;
    }
    s->train_size = train_ ? train_->size() : 0;
    s->test_size = test_ ? test_->size() : 0;
    s->batch_loss = batch_loss_;
    s->batch_acc = batch_acc_;
    s->preds = preds_;
    s->inside = inside_;
    s->why = why_;
    s->filter_top = top_;
    s->version = ++version_;
    std::lock_guard<std::mutex> lk(mu_);
    snap_ = s;
}

} // namespace app
