// Catch2 2.x main for cnn_tests. The tests themselves live in the other tests/*.cpp files.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
