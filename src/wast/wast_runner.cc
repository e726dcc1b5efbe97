// wast/wast_runner.cc: executes a Script's commands in order in one Store: compiles and
// instantiates modules, registers them with the Linker, runs actions with fresh fuel, and
// hands each outcome to wast/verdict.h.
#include "wast/wast_runner.h"

#include <filesystem>
#include <map>
#include <optional>

#include "cella/instance.h"
#include "cella/module.h"
#include "cella/store.h"
#include "wast/spectest_module.h"

namespace cella::wast {
namespace {

class ScriptRun {
 public:
  ScriptRun(const Engine& engine, const Script& script, std::string base_dir, const WastOptions& options,
            const FileLoader& loader, std::ostream& out)
      : engine_(engine), script_(script), base_dir_(std::move(base_dir)), options_(options),
        loader_(loader), out_(out), store_(engine) {}

  Status DefineHostModules() { return DefineSpectest(store_, linker_, options_.verbose ? &out_ : nullptr); }

  FileReport Run() {
    report_.source = script_.source_filename;
    for (const Command& command : script_.commands) {
      std::optional<Verdict> precheck = Precheck(command);
      Verdict verdict = precheck ? *precheck : RunCommand(command);
      if (precheck && command.type == CommandType::kModule) {
        Forget(command, "was not run");
      }
      report_.tally.Add(verdict.kind);
      bool show = verdict.kind == Verdict::Kind::kFail ||
                  (verdict.kind == Verdict::Kind::kSkip &&
                   (options_.verbose || command.type == CommandType::kModule));
      if (show) {
        std::string_view label = verdict.kind == Verdict::Kind::kSkip ? "skipped: " : "";
        out_ << FormatCommandLine(report_.source, command, std::string(label) + verdict.detail) << '\n';
      }
    }
    return report_;
  }

 private:
  Verdict RunCommand(const Command& command) {
    switch (command.type) {
      case CommandType::kRegister: return Register(command);
      case CommandType::kAction:
      case CommandType::kAssertReturn:
      case CommandType::kAssertExhaustion:
      case CommandType::kAssertException: return RunActionCommand(command);
      case CommandType::kAssertTrap:
        if (command.has_module_file()) return RunModuleCommand(command);
        return RunActionCommand(command);
      default: return RunModuleCommand(command);
    }
  }

  // module and the module assertions: read, compile, and (unless the command only
  // checks decoding or validation) instantiate.
  Verdict RunModuleCommand(const Command& command) {
    std::string path = (std::filesystem::path(base_dir_) / command.filename).string();
    Result<std::vector<uint8_t>> bytes = loader_(path);
    if (!bytes.ok()) {
      ++report_.unreadable_modules;
      if (command.type == CommandType::kModule) Forget(command, "was not read");
      return Verdict::Fail("cannot read the module: " + bytes.error().message);
    }
    Result<Module> module = Module::Compile(engine_, bytes.value());
    if (!module.ok()) return Finish(command, module.error(), std::nullopt);
    if (command.type == CommandType::kAssertMalformed || command.type == CommandType::kAssertInvalid) {
      return JudgeModule(command, OkStatus());
    }
    modules_.push_back(module.value());
    store_.SetFuel(options_.fuel);
    Result<Instance> instance = linker_.Instantiate(store_, modules_.back());
    if (store_.has_paused_call()) store_.AbandonPausedCall();
    if (!instance.ok()) return Finish(command, instance.error(), std::nullopt);
    return Finish(command, OkStatus(), instance.value());
  }

  // Judges a module command and, for `module`, makes its instance the current one.
  Verdict Finish(const Command& command, const Status& status, std::optional<Instance> instance) {
    if (command.type == CommandType::kModule) {
      if (instance) {
        current_ = instance;
        if (!command.name.empty()) named_.insert_or_assign(command.name, *instance);
      } else {
        Forget(command, "did not instantiate");
      }
    }
    return JudgeModule(command, status);
  }

  // A `module` command left no instance: actions on it fail, saying the module at its
  // line `what` ("did not instantiate").
  void Forget(const Command& command, const std::string& what) {
    std::string reason = "the module at line " + std::to_string(command.line) + " " + what;
    current_.reset();
    no_current_reason_ = reason;
    if (!command.name.empty()) {
      named_.erase(command.name);
      missing_named_[command.name] = std::move(reason);
    }
  }

  Result<Instance> FindInstance(const std::string& name) const {
    if (name.empty()) {
      if (current_) return *current_;
      return MakeError(Errc::kNotFound, "no current module: " + no_current_reason_);
    }
    auto it = named_.find(name);
    if (it != named_.end()) return it->second;
    auto missing = missing_named_.find(name);
    if (missing != missing_named_.end()) {
      return MakeError(Errc::kNotFound, "no module " + name + ": " + missing->second);
    }
    return MakeError(Errc::kNotFound, "no module named " + name);
  }

  Verdict Register(const Command& command) {
    Result<Instance> instance = FindInstance(command.name);
    if (!instance.ok()) return Verdict::Fail("cannot register: " + instance.error().message);
    linker_.DefineInstance(command.register_as, instance.value());
    return Verdict::Pass();
  }

  // An action on a module that is not there fails without asking the engine.
  Verdict RunActionCommand(const Command& command) {
    Result<Instance> instance = FindInstance(command.action->module);
    if (!instance.ok()) return Verdict::Fail(instance.error().message);
    return JudgeAction(command, RunAction(instance.value(), *command.action));
  }

  Result<CallOutcome> RunAction(const Instance& instance, const Action& action) {
    if (action.type == Action::Type::kGet) {
      CELLA_ASSIGN_OR_RETURN(Global global, instance.GetGlobal(action.field));
      CallOutcome outcome;
      outcome.results.push_back(global.Get());
      return outcome;
    }
    store_.SetFuel(options_.fuel);
    Result<CallOutcome> outcome = instance.Call(action.field, action.args);
    if (store_.has_paused_call()) store_.AbandonPausedCall();
    return outcome;
  }

  const Engine& engine_;
  const Script& script_;
  const std::string base_dir_;
  const WastOptions& options_;
  const FileLoader& loader_;
  std::ostream& out_;

  FileReport report_;
  // The store owns every instance below; it is declared first so it is destroyed last.
  Store store_;
  Linker linker_;
  std::vector<Module> modules_;  // every module instantiated, kept for the store's lifetime
  std::optional<Instance> current_;
  std::string no_current_reason_ = "no module has been instantiated yet";
  std::map<std::string, Instance> named_;
  std::map<std::string, std::string> missing_named_;  // "$name" → why it has no instance
};

}  // namespace

Result<FileReport> RunScript(const Engine& engine, const Script& script, const std::string& base_dir,
                             const WastOptions& options, const FileLoader& loader, std::ostream& out) {
  ScriptRun run(engine, script, base_dir, options, loader, out);
  Status host = run.DefineHostModules();
  if (!host.ok()) {
    return MakeError(host.error().code, script.source_filename + ": cannot define the spectest module: " +
                                            host.error().ToString());
  }
  return run.Run();
}

Result<FileReport> RunWastFile(const Engine& engine, const std::string& json_path, const WastOptions& options,
                               const FileLoader& loader, std::ostream& out) {
  CELLA_ASSIGN_OR_RETURN(Script script, LoadScript(json_path, loader));
  std::string base_dir = std::filesystem::path(json_path).parent_path().string();
  return RunScript(engine, script, base_dir, options, loader, out);
}

}  // namespace cella::wast
