#include "exporter/http/civetweb_library.h"

#include <civetweb.h>
#include <dlfcn.h>
#include <unistd.h>

#include <cstdio>
#include <mutex>
#include <string>
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

// The directory of the running executable ("" when unknown), where an installed shim would sit.
std::string ExecutableDirectory() {
  char path[4096];
  const ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0) return "";
  std::string text(path, static_cast<std::size_t>(n));
  return text.substr(0, text.rfind('/'));
}

// Loads the libssl shim (exporter/libssl_shim) once, before civetweb's dlopen("libssl.so"):
// next to the executable first (an installation), else where the build put it. A failure is not
// reported here: mg_init_library's answer (no TLS) says everything the caller needs.
void LoadLibsslShim() {
  static std::once_flag once;
  std::call_once(once, [] {
    const std::string candidates[] = {ExecutableDirectory() + "/" AWSGOV_LIBSSL_SHIM_NAME,
                                      AWSGOV_LIBSSL_SHIM_PATH};
    for (const std::string& path : candidates) {
      // Kept loaded for the life of the process, as civetweb keeps libssl.
      if (dlopen(path.c_str(), RTLD_NOW | RTLD_GLOBAL) != nullptr) return;
    }
  });
}

}  // namespace

Status CivetwebLibrary::Acquire(unsigned features, CivetwebLibrary* out) {
  out->Release();
  if ((features & MG_FEATURES_TLS) != 0) LoadLibsslShim();
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
