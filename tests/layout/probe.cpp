// One include, named by the probe (tests/layout/CMakeLists.txt).
#include PROBE_HEADER
