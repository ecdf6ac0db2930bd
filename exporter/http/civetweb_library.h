// Reference-counted mg_init_library / mg_exit_library. civetweb's init is not thread-safe and
// reports which of the requested features it could initialise; TLS in particular can be missing
// at run time (see DESIGN.md: Debian's civetweb loads libssl.so by name), so a server that needs a
// feature must refuse to start without it rather than fail on the first connection.
// Thread-safety: thread-safe (one process-wide mutex).
#pragma once

#include "exporter/core/status.h"

namespace awsgov::http {

class CivetwebLibrary {
 public:
  // `features` is a mask of MG_FEATURES_* values that must all be available (0 = none).
  static Status Acquire(unsigned features, CivetwebLibrary* out);

  CivetwebLibrary() = default;
  ~CivetwebLibrary() { Release(); }
  CivetwebLibrary(CivetwebLibrary&& other) noexcept : held_(other.held_) { other.held_ = false; }
  CivetwebLibrary& operator=(CivetwebLibrary&& other) noexcept;
  CivetwebLibrary(const CivetwebLibrary&) = delete;
  CivetwebLibrary& operator=(const CivetwebLibrary&) = delete;

  void Release();

 private:
  bool held_ = false;
};

}  // namespace awsgov::http
