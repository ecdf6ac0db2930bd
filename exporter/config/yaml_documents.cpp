#include "exporter/config/yaml_documents.h"

#include <yaml-cpp/eventhandler.h>

#include <cstddef>
#include <optional>
#include <sstream>

namespace awsgov::config {
namespace {

// Records where each document starts; ignores everything else.
class DocumentStarts final : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override { starts.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

  std::vector<YAML::Mark> starts;
};

}  // namespace

std::vector<YAML::Node> LoadAllDocuments(const std::string& text) {
  // A first pass over the events only, stopping where a document starts where the previous one
  // did: that document would repeat for ever. Every other document consumes input, so the pass
  // ends; after it, LoadAll on the same text ends too.
  std::istringstream stream(text);
  YAML::Parser parser(stream);
  DocumentStarts handler;
  while (parser.HandleNextDocument(handler)) {
    const std::size_t n = handler.starts.size();
    if (n >= 2 && handler.starts[n - 1].pos == handler.starts[n - 2].pos) {
      const YAML::Mark& at = handler.starts[n - 1];
      const std::size_t pos = at.pos >= 0 ? static_cast<std::size_t>(at.pos) : text.size();
      std::string what = pos < text.size() ? "'" + std::string(1, text[pos]) + "'" : "input";
      throw YAML::ParserException(at, "unexpected " + what + " outside a flow collection");
    }
  }
  return YAML::LoadAll(text);
}

}  // namespace awsgov::config
