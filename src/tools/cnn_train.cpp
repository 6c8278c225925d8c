// cnn_train.cpp — the headless trainer: reproduces the tutorial from a terminal, natively
// and (the same program compiled to WebAssembly) under Node. A thin user of the core:
// parse options, load data, build or load a model, train with one Keras-like line per
// epoch, save. Exit codes: 0 success, 1 training diverged, 2 bad usage or bad data.
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

#include "core/cifar.h"
#include "core/error.h"
#include "core/limits.h"
#include "core/model.h"
#include "core/model_io.h"
#include "core/optim.h"
#include "core/train.h"

using namespace cnn;

static const char* kUsage =
    "usage: cnn-train [options]\n"
    "Trains a CNN on CIFAR-10 (official binary files) and prints one line per epoch.\n"
    "  --data DIR          folder with data_batch_1..5.bin and test_batch.bin\n"
    "                      (default: $CIFAR10_DIR; scripts/fetch_cifar10.sh downloads them)\n"
    "  --epochs N          epochs to train (default 5; 0 = only evaluate)\n"
    "  --batch-size N      images per batch (default 32)\n"
    "  --train-limit N     use the first N training images (default all 50000)\n"
    "  --test-limit N      validate on the first N test images (default all 10000)\n"
    "  --balanced          take the limits as N/10 images of each class instead of the first N\n"
    "  --optimizer NAME    adam (default, lr 0.001) or sgd (momentum 0.9, lr 0.01)\n"
    "  --lr X              learning rate\n"
    "  --seed N            seed for weights and shuffling (default 1)\n"
    "  --threads N         worker threads (default: all cores)\n"
    "  --model SPEC        layer stack in the model grammar (default: the tutorial's model)\n"
    "                      e.g. \"conv(32,3,relu) maxpool(2) flatten dense(10,softmax)\"\n"
    "  --load FILE         start from a saved model (architecture, weights, optimizer, history)\n"
    "  --save FILE         save the model after training\n"
    "  --history FILE      write per-epoch metrics as CSV\n"
    "  --summary           print the model summary and exit\n"
    "  --quiet             no progress bar\n"
    "  --help              this text\n"
    "A run whose estimated memory exceeds CNN_MEMORY_LIMIT_MB (default 1536) is refused before training.\n";

[[noreturn]] static void usage_error(const std::string& msg) {
    std::fprintf(stderr, "cnn-train: %s (see --help)\n", msg.c_str());
    std::exit(2);
}

static long parse_int(const std::string& opt, const char* v, long lo, long hi) {
    char* end = nullptr;
    errno = 0;
    long x = std::strtol(v, &end, 10);
    if (!*v || *end || errno || x < lo || x > hi)
        usage_error(opt + " expects a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) +
                    ", got '" + v + "'");
    return x;
}

static double parse_float(const std::string& opt, const char* v) {
    char* end = nullptr;
    double x = std::strtod(v, &end);
    if (!*v || *end || !std::isfinite(x) || x <= 0) usage_error(opt + " expects a positive number, got '" + v + "'");
    return x;
}

struct Options {
    std::string data, model = kTutorialModel, load, save, history, optimizer = "adam";
    int epochs = 5, batch = 32, train_limit = 0, test_limit = 0, threads = 0;
    double lr = -1;
    uint64_t seed = 1;
    bool summary = false, quiet = false, balanced = false, model_given = false, optimizer_given = false;
};

static Options parse_args(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; i++) {
        std::string a = argv[i];
        auto value = [&]() -> const char* {
            if (i + 1 >= argc) usage_error(a + " needs a value");
            return argv[++i];
        };
        if (a == "--help" || a == "-h") { std::fputs(kUsage, stdout); std::exit(0); }
        else if (a == "--data") o.data = value();
        else if (a == "--epochs") o.epochs = (int)parse_int(a, value(), 0, 100000);
        else if (a == "--batch-size") o.batch = (int)parse_int(a, value(), 1, 65536);
        else if (a == "--train-limit") o.train_limit = (int)parse_int(a, value(), 1, 50000);
        else if (a == "--test-limit") o.test_limit = (int)parse_int(a, value(), 1, 10000);
        else if (a == "--balanced") o.balanced = true;
        else if (a == "--optimizer") { o.optimizer = value(); o.optimizer_given = true; }
        else if (a == "--lr") o.lr = parse_float(a, value());
        else if (a == "--seed") o.seed = (uint64_t)parse_int(a, value(), 0, 2147483647);
        else if (a == "--threads") o.threads = (int)parse_int(a, value(), 1, 256);
        else if (a == "--model") { o.model = value(); o.model_given = true; }
        else if (a == "--load") o.load = value();
        else if (a == "--save") o.save = value();
        else if (a == "--history") o.history = value();
        else if (a == "--summary") o.summary = true;
        else if (a == "--quiet") o.quiet = true;
        else usage_error("unknown option '" + a + "'");
    }
    return o;
}

static Dataset take(Dataset d, int limit, bool balanced) {
    if (limit <= 0) return d;
    if (balanced) return subset_per_class(d, limit / Dataset::kClasses);
    return subset_first(d, limit);
}

// One terminal line redrawn in place: "  312/1563 [=====>     ] 20% - loss: 1.9521 - accuracy: 0.2911 - 1840 images/s"
static void progress(const Trainer& t, int batch_size, double secs) {
    int done = t.batch(), total = t.batches_per_epoch();
    const int width = 30;
    int filled = total ? done * width / total : 0;
    char bar[width + 1];
    for (int i = 0; i < width; i++) bar[i] = i < filled ? '=' : (i == filled ? '>' : ' ');
    bar[width] = 0;
    double ips = secs > 0 ? (double)done * batch_size / secs : 0;
    std::printf("\r%5d/%d [%s] %3d%% - loss: %.4f - accuracy: %.4f - %.0f images/s ", done, total, bar,
                total ? done * 100 / total : 0, t.running_loss(), t.running_accuracy(), ips);
    std::fflush(stdout);
}

int main(int argc, char** argv) {
    Options o = parse_args(argc, argv);
    try {
        // The model: loaded, or parsed from the spec and initialised from the seed.
        Checkpoint ck;
        if (!o.load.empty()) {
            ck = load_model_file(o.load);
            if (o.model_given && Model::parse(o.model).spec() != ck.model.spec())
                usage_error("--model does not match the architecture stored in " + o.load + " (" + ck.model.spec() + ")");
        } else {
            ck.model = Model::parse(o.model);
            ck.model.init(o.seed);
        }
        Model& model = ck.model;
        if (o.summary) {
            std::fputs(model.summary().c_str(), stdout);
            return 0;
        }
        if (ErrorInfo why = classifier_error(model, Shape{Dataset::C, Dataset::H, Dataset::W}, Dataset::kClasses))
            throw Error(why);  // before loading data: a model that can't classify CIFAR-10 never trains
        Optimizer opt = (ck.has_optimizer && !o.optimizer_given) ? ck.optimizer : Optimizer::parse(o.optimizer);
        if (o.lr > 0) opt.lr = (float)o.lr;

        std::string dir = resolve_data_dir(o.data);
        auto t0 = std::chrono::steady_clock::now();
        Dataset train = take(load_cifar_train(dir, o.balanced ? 0 : o.train_limit), o.train_limit, o.balanced);
        Dataset test = take(load_cifar_test(dir, o.balanced ? 0 : o.test_limit), o.test_limit, o.balanced);
        double load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        check_training_memory(model, o.batch, train, &test, default_memory_limit(), o.threads);  // refuse before training, with the estimate

        ThreadPool pool(o.threads);
        std::printf("Data: %d training and %d test images from %s (%.1f s); %s, lr %g, batch %d, %d thread%s, seed %llu\n",
                    train.size(), test.size(), dir.c_str(), load_s, opt.name(), opt.lr, o.batch, pool.size(),
                    pool.size() == 1 ? "" : "s", (unsigned long long)o.seed);
        std::fflush(stdout);

        TrainConfig cfg;
        cfg.epochs = o.epochs;
        cfg.batch_size = o.batch;
        cfg.seed = o.seed ^ 0x5DEECE66Dull;
        Trainer trainer(model, opt, train, &test, cfg, pool);
        size_t prior = ck.history.epochs.size();
        trainer.history() = ck.history;  // continue a loaded history
        const bool live = !o.quiet && isatty(1);
        int exit_code = 0;
        auto epoch_start = std::chrono::steady_clock::now();
        auto last_draw = epoch_start;
        if (o.epochs > 0) std::printf("Epoch 1/%d\n", o.epochs);
        try {
            while (!trainer.done()) {
                trainer.step();
                auto now = std::chrono::steady_clock::now();
                if (trainer.epoch_just_ended()) {
                    const EpochStats& e = trainer.history().epochs.back();
                    if (live) std::printf("\r%*s\r", 100, "");
                    std::printf("%d/%d - %.1fs - loss: %.4f - accuracy: %.4f - val_loss: %.4f - val_accuracy: %.4f - %.0f images/s\n",
                                trainer.batches_per_epoch(), trainer.batches_per_epoch(), e.seconds, e.loss, e.accuracy,
                                e.val_loss, e.val_accuracy, e.images_per_s);
                    if (!trainer.done()) std::printf("Epoch %d/%d\n", trainer.epoch() + 1, o.epochs);
                    std::fflush(stdout);
                    epoch_start = now;
                } else if (live && std::chrono::duration<double>(now - last_draw).count() > 0.2) {
                    progress(trainer, o.batch, std::chrono::duration<double>(now - epoch_start).count());
                    last_draw = now;
                }
            }
        } catch (const Error& e) {
            if (live) std::printf("\n");
            std::fprintf(stderr, "cnn-train: %s\n", e.what());
            exit_code = 1;
        }
        for (size_t i = prior; i < trainer.history().epochs.size(); i++) trainer.history().epochs[i].epoch += (int)prior;
        if (o.epochs == 0) {
            EvalResult r = evaluate(model, test, pool);
            std::printf("Evaluation on %d test images - loss: %.4f - accuracy: %.4f\n", r.n, r.loss, r.accuracy);
        }
        if (!o.history.empty()) {
            std::ofstream f(o.history);
            f << trainer.history().csv();
            if (!f) throw Error(o.history + ": cannot write the history file");
        }
        if (!o.save.empty()) {
            save_model_file(o.save, model, &opt, &trainer.history());
            std::printf("Saved %s%s\n", o.save.c_str(), exit_code ? " (the last good weights)" : "");
        }
        return exit_code;
    } catch (const Error& e) {
        std::fprintf(stderr, "cnn-train: %s\n", e.what());
        return 2;
    } catch (const std::bad_alloc&) {
        std::fprintf(stderr, "cnn-train: out of memory\n");
        return 2;
    }
}
