#include "TerminalPrompt.h"

#include <QCoreApplication>

#ifdef Q_OS_WIN
#include <windows.h>
#else
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>
#endif

namespace cm {

namespace {
Error noTerminal()
{
    return makeError(ErrorCode::Usage,
                     QCoreApplication::translate("cm::TerminalPrompt",
                                                 "There is no terminal to ask for the passphrase; pass "
                                                 "--passphrase-env with the name of a variable that holds it."));
}
} // namespace

#ifdef Q_OS_WIN

Result<SecureBuffer> TerminalPrompt::readSecret(const QString& prompt)
{
    HANDLE input = CreateFileW(L"CONIN$", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr,
                               OPEN_EXISTING, 0, nullptr);
    HANDLE output = CreateFileW(L"CONOUT$", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr,
                                OPEN_EXISTING, 0, nullptr);
    DWORD mode = 0;
    if (input == INVALID_HANDLE_VALUE || output == INVALID_HANDLE_VALUE || !GetConsoleMode(input, &mode)) {
        if (input != INVALID_HANDLE_VALUE)
            CloseHandle(input);
        if (output != INVALID_HANDLE_VALUE)
            CloseHandle(output);
        return noTerminal();
    }
    DWORD written = 0;
    WriteConsoleW(output, reinterpret_cast<const wchar_t*>(prompt.utf16()), DWORD(prompt.size()), &written, nullptr);
    SetConsoleMode(input, (mode & ~ENABLE_ECHO_INPUT) | ENABLE_LINE_INPUT);
    SecureBuffer wide(MaxLength * sizeof(wchar_t));
    auto* characters = reinterpret_cast<wchar_t*>(wide.data());
    DWORD read = 0;
    const BOOL ok = ReadConsoleW(input, characters, DWORD(MaxLength), &read, nullptr);
    SetConsoleMode(input, mode);
    WriteConsoleW(output, L"\r\n", 2, &written, nullptr);
    CloseHandle(input);
    CloseHandle(output);
    if (!ok)
        return noTerminal();
    while (read > 0 && (characters[read - 1] == L'\n' || characters[read - 1] == L'\r'))
        --read;
    SecureBuffer utf8(std::size_t(read) * 4 + 1);
    const int length = read == 0
        ? 0
        : WideCharToMultiByte(CP_UTF8, 0, characters, int(read), reinterpret_cast<char*>(utf8.data()), int(utf8.size()),
                              nullptr, nullptr);
    utf8.truncate(std::size_t(length));
    return utf8;
}

#else

Result<SecureBuffer> TerminalPrompt::readSecret(const QString& prompt)
{
    const int terminal = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
    if (terminal < 0)
        return noTerminal();
    termios original {};
    if (tcgetattr(terminal, &original) != 0) {
        ::close(terminal);
        return noTerminal();
    }
    // Echo goes off before the prompt appears, so nothing typed early is shown.
    termios silent = original;
    silent.c_lflag &= ~tcflag_t(ECHO);
    silent.c_lflag |= ICANON;
    tcsetattr(terminal, TCSAFLUSH, &silent);
    const QByteArray text = prompt.toLocal8Bit();
    if (::write(terminal, text.constData(), std::size_t(text.size())) < 0) {
        tcsetattr(terminal, TCSAFLUSH, &original);
        ::close(terminal);
        return noTerminal();
    }

    SecureBuffer answer(MaxLength);
    std::size_t length = 0;
    char c = 0;
    while (::read(terminal, &c, 1) == 1 && c != '\n' && c != '\r') {
        if (length < MaxLength)
            answer.data()[length++] = static_cast<unsigned char>(c);
    }
    c = 0;
    tcsetattr(terminal, TCSAFLUSH, &original);
    (void)!::write(terminal, "\n", 1);
    ::close(terminal);
    answer.truncate(length);
    return answer;
}

#endif

} // namespace cm
