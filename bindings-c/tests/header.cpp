// kefu.h compiles as C++ (extern "C", no C-only constructs) and links.
#include <kefu.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

namespace {
// RAII owners, as a C++ caller would write them.
struct BotFree {
    void operator()(kefu_bot *b) const { kefu_bot_free(b); }
};
struct ErrorFree {
    void operator()(kefu_error *e) const { kefu_error_free(e); }
};
using Bot = std::unique_ptr<kefu_bot, BotFree>;
using Error = std::unique_ptr<kefu_error, ErrorFree>;
}  // namespace

int main() {
    const std::string def =
        R"({"languages": ["en"], "intents": {"a": {"examples": {"en": ["hello there", "hi"]}},)"
        R"( "b": {"examples": {"en": ["goodbye now", "bye"]}}}})";
    kefu_error *raw = nullptr;
    Bot bot(kefu_bot_train_json(def.data(), def.size(), &raw));
    Error err(raw);
    if (!bot) {
        std::fprintf(stderr, "train: %s\n", kefu_error_message(err.get()));
        return 1;
    }
    const std::string text = "hello there";
    char *json = kefu_bot_analyze(bot.get(), text.data(), text.size(), nullptr, 0, &raw);
    err.reset(raw);
    if (!json || std::strstr(json, "\"top\":\"a\"") == nullptr) return 1;
    kefu_string_free(json);
    const uint32_t code = KEFU_ERROR_INVALID_INPUT;
    json = kefu_bot_analyze(nullptr, text.data(), text.size(), nullptr, 0, &raw);
    err.reset(raw);
    if (json || kefu_error_code(err.get()) != code) return 1;
    std::printf("c++: kefu %s OK\n", kefu_version());
    return 0;
}
