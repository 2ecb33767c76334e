#pragma once

namespace cm {

// Initialises libsodium exactly once per process; safe to call from any thread and at any
// time. Returns false only when libsodium cannot initialise (no usable random source).
bool ensureSodium();

} // namespace cm
