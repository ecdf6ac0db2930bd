// The default chain (credentials.h): resolves its source on first use, in the SDKs' order, and
// then keeps it. A configured source that fails is an error, not a fall-through; resolution is
// retried on the next Get while it fails (e.g. a profile file that is being written).
// Thread-safety: thread-safe; resolution happens once under a mutex.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "exporter/aws/credentials.h"

namespace awsgov::aws {

class DefaultCredentialsChain final : public CredentialsProvider {
 public:
  // `options.sts_endpoint` and `options.make_sts_client` must be set (MakeDefaultCredentialsChain
  // fills them in).
  explicit DefaultCredentialsChain(ChainOptions options);
  Status Get(Credentials* out) override;
  void Invalidate(const Credentials& rejected) override;
  std::string Source() const override;

 private:
  Status Resolve(std::shared_ptr<CredentialsProvider>* out) const;

  const ChainOptions options_;
  mutable std::mutex mu_;
  std::shared_ptr<CredentialsProvider> resolved_;
};

}  // namespace awsgov::aws
