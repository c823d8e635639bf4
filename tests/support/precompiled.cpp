// The precompiled header's own target (tests/CMakeLists.txt): nothing but the header.
