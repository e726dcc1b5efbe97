// sandbox/report.cc: Report → JSON and → the --stats line; EndReasonName and ExitCodeFor.
// Thread-safe.
#include "sandbox/report.h"

#include <string.h>

#include <cstdio>

#include "policy/units.h"

namespace cella::sandbox {
namespace {

std::string Quote(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
          out += buffer;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string Seconds(int64_t nanos) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6f", static_cast<double>(nanos) / 1e9);
  return buffer;
}

std::string List(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i == 0 ? "" : ", ") + Quote(items[i]);
  return out + "]";
}

std::string SignalName(int sig) {
  const char* abbrev = sigabbrev_np(sig);
  return abbrev != nullptr ? std::string("SIG") + abbrev : "signal " + std::to_string(sig);
}

}  // namespace

const char* EndReasonName(EndReason reason) {
  switch (reason) {
    case EndReason::kExited: return "exited";
    case EndReason::kKilled: return "killed";
    case EndReason::kTimeout: return "timeout";
    case EndReason::kMemoryLimit: return "memory limit";
    case EndReason::kPidsLimit: return "pids limit";
    case EndReason::kCpuLimit: return "cpu limit";
    case EndReason::kFileSizeLimit: return "file size limit";
  }
  return "unknown";
}

int ExitCodeFor(const Report& report) {
  if (report.exit_code) return *report.exit_code;
  if (report.signal) return 128 + *report.signal;
  return 128 + 9;
}

std::string ReportToJson(const Report& report) {
  std::string out = "{\n";
  auto field = [&](const char* key, const std::string& value, bool last = false) {
    out += "  \"" + std::string(key) + "\": " + value + (last ? "\n" : ",\n");
  };
  field("version", "1");
  field("argv", List(report.argv));
  field("reason", Quote(EndReasonName(report.reason)));
  field("exit_code", report.exit_code ? std::to_string(*report.exit_code) : "null");
  field("signal", report.signal ? Quote(SignalName(*report.signal)) : "null");
  field("signal_number", report.signal ? std::to_string(*report.signal) : "null");
  field("stopped_by", report.stopped_by.empty() ? "null" : Quote(report.stopped_by));
  field("wall_time_s", Seconds(report.wall_ns));
  field("cpu_user_s", Seconds(report.cpu_user_ns));
  field("cpu_sys_s", Seconds(report.cpu_sys_ns));
  field("cpu_source", Quote(report.cpu_source));
  field("peak_memory_bytes", std::to_string(report.peak_memory_bytes));
  field("memory_source", Quote(report.memory_source));
  field("oom_kills", std::to_string(report.oom_kills));
  field("pids_refused", std::to_string(report.pids_refused));
  std::string confinement = "{\"namespaces\": " + List(report.namespaces) + ", \"cgroup\": " + Quote(report.cgroup) +
                            ", \"landlock_abi\": " + std::to_string(report.landlock_abi) +
                            ", \"seccomp\": " + (report.seccomp ? "true" : "false") + "}";
  field("confinement", confinement);
  field("notes", List(report.notes), true);
  return out + "}\n";
}

std::string ReportStatsLine(const Report& report) {
  std::string status;
  if (report.exit_code) status = "exit " + std::to_string(*report.exit_code);
  else if (report.signal) status = SignalName(*report.signal);
  std::string line = "cella: " + std::string(EndReasonName(report.reason));
  if (!status.empty()) line += " (" + status + ")";
  line += " | wall " + policy::FormatDuration(report.wall_ns);
  line += " | cpu " + policy::FormatDuration(report.cpu_user_ns) + " user + " + policy::FormatDuration(report.cpu_sys_ns) + " sys";
  line += " | peak " + policy::FormatSize(report.peak_memory_bytes);
  if (!report.memory_source.empty()) line += " (" + report.memory_source + ")";
  return line;
}

}  // namespace cella::sandbox
