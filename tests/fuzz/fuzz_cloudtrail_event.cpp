// Fuzz target: one CloudTrail record as LookupEvents' CloudTrailEvent string or a Lake row's
// eventJson carries it, through ParseCloudTrailRecordText with every event kind selected, and
// CloudTrail's time format both ways. The input is the record's JSON text.
// Any crash, sanitizer report or exception escaping is a bug: a hostile or truncated record
// must end as a Status.
#include <cstdint>
#include <string_view>
#include <vector>

#include "collectors/sg_changes/cloudtrail_event.h"
#include "tests/fuzz/fuzz_log.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace awsgov;
  fuzz::ConfigureLogging(size);
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<sg::SgRuleChange> changes;
  const sg::EventSelection all{.ingress = true, .egress = true, .modify = true};
  (void)sg::ParseCloudTrailRecordText(text, all, &changes);
  for (const sg::SgRuleChange& change : changes) {
    // What the store and the metrics get must be the event's own time, printable again.
    (void)sg::FormatIsoTime(change.event_time);
  }
  // The time parser alone, on short inputs (eventTime values).
  if (size <= 64) {
    std::int64_t seconds = 0;
    if (sg::ParseIsoTime(text, &seconds)) (void)sg::FormatIsoTime(seconds);
  }
  return 0;
}
