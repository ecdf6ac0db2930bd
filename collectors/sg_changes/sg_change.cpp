#include "collectors/sg_changes/sg_change.h"

namespace awsgov::sg {

std::string_view StateName(ChangeState state) {
  switch (state) {
    case ChangeState::kPending:
      return "pending";
    case ChangeState::kApproved:
      return "approved";
    case ChangeState::kDenied:
      return "denied";
    case ChangeState::kReverted:
      return "reverted";
    case ChangeState::kRevertFailed:
      return "revert_failed";
  }
  return "pending";
}

bool ParseState(std::string_view name, ChangeState* out) {
  for (ChangeState state : kAllStates) {
    if (StateName(state) == name) {
      *out = state;
      return true;
    }
  }
  return false;
}

}  // namespace awsgov::sg
