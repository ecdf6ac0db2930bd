// What the application hands the scheduler: one collector × account × region target and how
// often and how long it may run. Thread-safety: a value type.
#pragma once

#include <chrono>

#include "exporter/core/target.h"

namespace awsgov::scheduler {

struct ScheduledTarget {
  Target target;
  std::chrono::milliseconds interval{0};  // > 0; runs start every interval, from the first run
  std::chrono::milliseconds timeout{0};   // > 0; the run's deadline is its start plus this
};

}  // namespace awsgov::scheduler
