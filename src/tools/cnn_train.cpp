// cnn_train.cpp — the headless trainer: reproduces the tutorial from a terminal, natively
// and (the same program compiled to WebAssembly) under Node. A thin user of the core:
// parse options, load data, build or load a model, train with one Keras-like line per
// epoch, save; or classify picture files with a loaded model (--predict, tools/predict.h).
// Exit codes: 0 success, 1 training diverged, 2 bad usage, bad data or an unreadable picture.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <numeric>
#include <string>

#include "core/cifar.h"
#include "core/error.h"
#include "core/interop/export.h"
#include "core/limits.h"
#include "core/model.h"
#include "core/model_io.h"
#include "core/optim.h"
#include "core/train.h"
#include "tools/predict.h"
#include "tools/train_setup.h"

using namespace cnn;

static const char* kUsage =
    "usage: cnn-train [options]\n"
    "Trains a CNN on CIFAR-10 (official binary files) and prints one line per epoch.\n"
    "  --data DIR          folder with data_batch_1..5.bin and test_batch.bin\n"
    "                      (default: $CIFAR10_DIR; scripts/fetch_cifar10.sh downloads them)\n"
    "  --epochs N          epochs to train, 1..1000 (default 5)\n"
    "  --evaluate          no training: evaluate the model (e.g. a loaded one) on the test images\n"
    "  --batch-size N      images per batch, 1..1024 (default 32)\n"
    "  --train-limit N     use the first N training images (default all 50000)\n"
    "  --test-limit N      validate on the first N test images (default all 10000)\n"
    "  --balanced          take the limits as N/10 images of each class instead of the first N\n"
    "  --optimizer NAME    adam (default, lr 0.001) or sgd (momentum 0.9, lr 0.01)\n"
    "  --lr X              learning rate, 1e-6..10\n"
    "  --seed N            seed for weights and shuffling, 0..2147483647 (default 1)\n"
    "  --threads N         worker threads, 1..256 (default: all cores)\n"
    "  --model SPEC        layer stack in the model grammar (default: the tutorial's model)\n"
    "                      e.g. \"conv(32,3,relu) maxpool(2) flatten dense(10,softmax)\"\n"
    "  --load FILE         start from a saved model (architecture, weights, optimizer, history),\n"
    "                      or import an ONNX file (.onnx) or a TensorFlow.js model.json\n"
    "  --save FILE         save the model after training\n"
    "  --history FILE      write per-epoch metrics as CSV\n"
    "  --export FILE       write the model for other programs after the run: FILE.onnx (ONNX),\n"
    "                      FILE.py (PyTorch code, weights in FILE.npz); with --load and without\n"
    "                      --epochs or --evaluate it only converts (no data needed)\n"
    "  --export-format F   onnx, pytorch or keras (Keras code + FILE.npz), whatever the extension\n"
    "  --outputs FILE      write the last layer's outputs on the test images (float32, images x classes)\n"
    "  --summary           print the model summary and exit\n"
    "  --predict FILE...   with --load: print the top 3 classes of each PNG or JPEG picture\n"
    "                      (its largest centred square scaled to 32x32) and exit\n"
    "  --quiet             no progress bar\n"
    "  --help              this text\n"
    "A run whose estimated memory exceeds CNN_MEMORY_LIMIT_MB (default 1536) is refused before training.\n";

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

// The epochs of the run, one Keras-like line each (and a live progress bar on a terminal).
// Returns 1 if the loss diverged (the trainer kept the last good weights), else 0.
static int train_epochs(Trainer& trainer, int epochs, int batch, bool live) {
    auto epoch_start = std::chrono::steady_clock::now();
    auto last_draw = epoch_start;
    if (!trainer.done()) std::printf("Epoch 1/%d\n", epochs);
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
                if (!trainer.done()) std::printf("Epoch %d/%d\n", trainer.epoch() + 1, epochs);
                std::fflush(stdout);
                epoch_start = now;
            } else if (live && std::chrono::duration<double>(now - last_draw).count() > 0.2) {
                progress(trainer, batch, std::chrono::duration<double>(now - epoch_start).count());
                last_draw = now;
            }
        }
    } catch (const Error& e) {
        if (live) std::printf("\n");
        std::fprintf(stderr, "cnn-train: %s\n", e.what());
        return 1;
    }
    return 0;
}

// Loads the data the options ask for and says what the run will be.
static void load_data(const cli::Options& o, const cli::Run& r, Dataset* train, Dataset* test, std::string* dir) {
    *dir = resolve_data_dir(o.data);
    auto t0 = std::chrono::steady_clock::now();
    *train = take(load_cifar_train(*dir, o.balanced ? 0 : o.train_limit), o.train_limit, o.balanced);
    *test = take(load_cifar_test(*dir, o.balanced ? 0 : o.test_limit), o.test_limit, o.balanced);
    double load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const TrainSettings& s = r.settings;
    std::printf("Data: %d training and %d test images from %s (%.1f s); %s, lr %g, batch %d, %d thread%s, seed %d\n",
                train->size(), test->size(), dir->c_str(), load_s, r.opt.name(), r.opt.lr, s.batch, s.threads,
                s.threads == 1 ? "" : "s", s.seed);
    std::fflush(stdout);
}

// The last layer's outputs (scores, or probabilities when it is a softmax) for every test
// image, float32 little-endian, (images, classes) row-major.
static void write_outputs(const std::string& path, Model& model, const Dataset& test, ThreadPool& pool) {
    const int classes = model.num_classes(), B = 100;
    std::vector<float> out((size_t)test.size() * classes), x((size_t)B * Dataset::kImage);
    std::vector<int> idx(B), y(B);
    for (int at = 0; at < test.size(); at += B) {
        const int n = std::min(B, test.size() - at);
        std::iota(idx.begin(), idx.begin() + n, at);
        make_batch(test, idx.data(), n, x.data(), y.data());
        model.forward(x.data(), n, false, pool);
        const float* y = model.layer_output((int)model.layers.size() - 1);
        std::copy(y, y + (size_t)n * classes, out.begin() + (size_t)at * classes);
    }
    std::ofstream f(path, std::ios::binary);
    f.write(reinterpret_cast<const char*>(out.data()), (std::streamsize)(out.size() * sizeof(float)));
    if (!f) throw Error(path + ": cannot write the outputs file");
    std::printf("Wrote the outputs of %d test images to %s\n", test.size(), path.c_str());
}

// --export: the files of the format, named after FILE without its extension.
static void export_files(const cli::Options& o, const Model& model, const std::string& data_dir) {
    std::string base = o.export_path;
    const size_t slash = base.find_last_of('/'), dot = base.find_last_of('.');
    if (dot != std::string::npos && (slash == std::string::npos || dot > slash)) base.erase(dot);
    const std::string folder = slash == std::string::npos ? "" : base.substr(0, slash + 1);
    const std::string stem = base.substr(folder.size());
    for (const ZipEntry& e : export_model(model, o.export_format, stem, cifar_class_names(data_dir))) {
        std::ofstream f(folder + e.name, std::ios::binary);
        f.write(reinterpret_cast<const char*>(e.bytes.data()), (std::streamsize)e.bytes.size());
        if (!f) throw Error(folder + e.name + ": cannot write the exported file");
        std::printf("Exported %s (%zu bytes)\n", (folder + e.name).c_str(), e.bytes.size());
    }
}

// Trains (or only evaluates), then writes the history and the model files asked for.
static int run(const cli::Options& o, cli::Run& r) {
    Dataset train, test;
    std::string dir;
    load_data(o, r, &train, &test, &dir);
    Model& model = r.ck.model;
    // Refuse before training, with the estimate.
    check_training_memory(model, r.settings.batch, train, &test, default_memory_limit(), r.settings.threads);
    ThreadPool pool(r.settings.threads);
    Trainer trainer(model, r.opt, train, &test, r.cfg, pool);
    size_t prior = r.ck.history.epochs.size();
    trainer.history() = r.ck.history;  // continue a loaded history
    int exit_code = train_epochs(trainer, r.cfg.epochs, r.settings.batch, !o.quiet && isatty(1));
    for (size_t i = prior; i < trainer.history().epochs.size(); i++) trainer.history().epochs[i].epoch += (int)prior;
    if (o.evaluate) {
        EvalResult e = evaluate(model, test, pool);
        std::printf("Evaluation on %d test images - loss: %.4f - accuracy: %.4f\n", e.n, e.loss, e.accuracy);
    }
    if (!o.outputs.empty()) write_outputs(o.outputs, model, test, pool);
    if (!o.history.empty()) {
        std::ofstream f(o.history);
        f << trainer.history().csv();
        if (!f) throw Error(o.history + ": cannot write the history file");
    }
    if (!o.save.empty()) {
        save_model_file(o.save, model, &r.opt, &trainer.history());
        std::printf("Saved %s%s\n", o.save.c_str(), exit_code ? " (the last good weights)" : "");
    }
    if (!o.export_path.empty()) export_files(o, model, dir);
    return exit_code;
}

int main(int argc, char** argv) {
    try {
        cli::Options o = cli::parse_options(std::vector<std::string>(argv, argv + argc));
        if (o.help) {
            std::fputs(kUsage, stdout);
            return 0;
        }
        cli::Run r = cli::prepare_run(o);
        if (o.summary) {
            std::fputs(r.ck.model.summary().c_str(), stdout);
            return 0;
        }
        if (o.convert_only()) {
            export_files(o, r.ck.model, std::getenv("CIFAR10_DIR") ? std::getenv("CIFAR10_DIR") : "");
            return 0;
        }
        if (ErrorInfo why = classifier_error(r.ck.model, Shape{Dataset::C, Dataset::H, Dataset::W}, Dataset::kClasses))
            throw Error(why);  // before loading data: a model that can't classify CIFAR-10 never trains
        if (!o.predict.empty()) {
            cli::predict_files(r.ck.model, o.predict, cifar_class_names(o.data), r.settings.threads);
            return 0;
        }
        return run(o, r);
    } catch (const cli::UsageError& e) {
        std::fprintf(stderr, "cnn-train: %s (see --help)\n", e.what());
        return 2;
    } catch (const Error& e) {
        std::fprintf(stderr, "cnn-train: %s\n", e.what());
        return 2;
    } catch (const std::bad_alloc&) {
        std::fprintf(stderr, "cnn-train: out of memory\n");
        return 2;
    }
}
