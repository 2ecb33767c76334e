#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace cm {

// What went wrong, in classes a caller can act on. The command line maps each class to
// its exit code in one table (cli/ExitCodes), the application to its dialogs.
enum class ErrorCode
{
    Usage, // the caller asked for something malformed
    KeyMissing, // no encryption key configured
    KeyMalformed, // a key was given but is not 32 bytes in hex or base64
    KeyWrong, // the key does not match the store's key id
    KeychainUnavailable, // no OS keychain answered, or it refused access
    WrongPassphrase, // an export file's passphrase is not the one it was written with
    NotFound, // no such credential
    Validation, // a value breaks the field rules
    Conflict, // changed by someone else since it was read
    NameTaken, // another credential already has this name
    Corrupt, // store or payload unreadable, damaged, or of a newer version
    Busy, // locked by another process past the busy timeout
    Io, // the operating system refused a read or write
    PasswordNeeded, // the database server asks for a password that no source gave
};

// An error is a value: its class and one sentence for the user saying what to do.
struct Error
{
    ErrorCode code;
    QString message;
    QString detail = {}; // what a lower layer said, for messages that embed it; never a secret
};

// Either a value or an Error. Move-only values (such as MasterKey) are fine.
template<typename T> class [[nodiscard]] Result
{
public:
    Result(T value)
        : m_state(std::move(value))
    { }
    Result(Error error)
        : m_state(std::move(error))
    { }

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<T>(m_state); }
    const T& value() const& { return std::get<T>(m_state); }
    T&& value() && { return std::get<T>(std::move(m_state)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const Error& error() const { return std::get<Error>(m_state); }

private:
    std::variant<T, Error> m_state;
};

// The result of a call that returns nothing but may fail.
template<> class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error))
        , m_failed(true)
    { }

    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return m_error; }

private:
    Error m_error { ErrorCode::Usage, {} };
    bool m_failed = false;
};

inline Error makeError(ErrorCode code, const QString& message)
{
    return Error { code, message };
}

} // namespace cm
