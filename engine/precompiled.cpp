// The target that compiles engine/precompiled.h once; the engine's libraries reuse it.
