// predict.h — cnn-train --load MODEL --predict IMAGE...: the top classes of pictures.
// Every file is read and decoded first, so a bad one (exit 2, its message on stderr) stops
// the run before anything is printed; then each picture's largest centred square is
// area-scaled to 32×32 (core/image.h), classified, and printed as one line:
//   FILE: CLASS P, CLASS P, CLASS P        (the top 3, probabilities 0..1)
// Not here: option parsing (train_setup.h), decoding (image_file.h).
#pragma once
#include <string>
#include <vector>

#include "core/model.h"

namespace cli {

// The lines for `files`, classified by m (a CIFAR-10 classifier) with `threads` threads and
// class names `names` (10). Throws cnn::Error for the first file that cannot be read.
void predict_files(cnn::Model& m, const std::vector<std::string>& files, const std::vector<std::string>& names,
                   int threads);

} // namespace cli
