// --pre-js for Emscripten programs run under Node (cnn-train, cnn_tests).
// Emscripten 3.1.6 gives a program a fixed default environment (USER=web_user, ...)
// plus whatever is in its ENV object; Node's process.env is not passed on by itself.
// Copy it in before the C runtime reads the environment (preRun comes before the
// static constructors that build environ), so getenv("CIFAR10_DIR") works.
// Pthread workers don't run preRun; they share the main thread's environ.
if (typeof process === 'object' && process && process.env) {
  if (!Module['preRun']) Module['preRun'] = [];
  else if (typeof Module['preRun'] === 'function') Module['preRun'] = [Module['preRun']];
  Module['preRun'].push(function () {
    // ENV only exists when the program uses the environment at all.
    if (typeof ENV === 'object' && ENV) Object.assign(ENV, process.env);
  });
}
