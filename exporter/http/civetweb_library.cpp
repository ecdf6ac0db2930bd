#include "exporter/http/civetweb_library.h"

#include <civetweb.h>

#include <cstdio>
#include <mutex>
#include <utility>

namespace awsgov::http {
namespace {

std::mutex& LibraryMutex() {
  static std::mutex mutex;
  return mutex;
}

std::string Hex(unsigned value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "0x%x", value);
  return buffer;
}

}  // namespace

Status CivetwebLibrary::Acquire(unsigned features, CivetwebLibrary* out) {
  out->Release();
  std::lock_guard<std::mutex> lock(LibraryMutex());
  // Each successful call counts one reference that mg_exit_library gives back; a return of 0 is
  // only an error when features were asked for (with none asked, 0 is the honest answer).
  const unsigned initialised = mg_init_library(features);
  if ((initialised & features) != features) {
    mg_exit_library();
    return Unavailable("civetweb: mg_init_library initialised features " + Hex(initialised) +
                       " of the required " + Hex(features) +
                       ((features & MG_FEATURES_TLS) != 0 && (initialised & MG_FEATURES_TLS) == 0
                            ? " (TLS is not available: civetweb could not load OpenSSL)"
                            : ""));
  }
  out->held_ = true;
  return Status::Ok();
}

CivetwebLibrary& CivetwebLibrary::operator=(CivetwebLibrary&& other) noexcept {
  if (this != &other) {
    Release();
    held_ = std::exchange(other.held_, false);
  }
  return *this;
}

void CivetwebLibrary::Release() {
  if (!held_) return;
  held_ = false;
  std::lock_guard<std::mutex> lock(LibraryMutex());
  mg_exit_library();
}

}  // namespace awsgov::http
