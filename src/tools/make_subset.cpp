// make_subset.cpp — bakes the playground's default data: the first N training and M test
// images of each class (class-balanced, original order kept) from the official CIFAR-10
// files, written in the same binary record layout (label byte + 3072 pixel bytes).
// Usage: make_subset DATA_DIR OUT_DIR [train_per_class=500] [test_per_class=100]
// Not here: shuffling or augmentation (the page shuffles per epoch), any other format.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/cifar.h"

static void write_bin(const std::string& path, const cnn::Dataset& d) {
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) {
        std::fprintf(stderr, "make_subset: cannot write %s\n", path.c_str());
        std::exit(1);
    }
    for (int i = 0; i < d.size(); i++) {
        std::fputc(d.labels[i], f);
        std::fwrite(d.image(i), 1, cnn::Dataset::kImage, f);
    }
    if (std::fclose(f) != 0) {
        std::fprintf(stderr, "make_subset: error writing %s\n", path.c_str());
        std::exit(1);
    }
}

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: make_subset DATA_DIR OUT_DIR [train_per_class=500] [test_per_class=100]\n");
        return 2;
    }
    std::string dir = argv[1], out = argv[2];
    int ntr = argc > 3 ? std::atoi(argv[3]) : 500, nte = argc > 4 ? std::atoi(argv[4]) : 100;
    try {
        // data_batch_1 alone has ~1,000 of each class: enough for 500 per class.
        cnn::Dataset train = cnn::subset_per_class(cnn::load_cifar_train(dir, ntr <= 900 ? 10000 : 0), ntr);
        cnn::Dataset test = cnn::subset_per_class(cnn::load_cifar_test(dir), nte);
        write_bin(out + "/cifar10_train_subset.bin", train);
        write_bin(out + "/cifar10_test_subset.bin", test);
        std::printf("make_subset: %d training + %d test images (%d + %d per class) -> %s\n", train.size(), test.size(),
                    ntr, nte, out.c_str());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "make_subset: %s\n", e.what());
        return 1;
    }
    return 0;
}
