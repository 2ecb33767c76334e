#pragma once

#include "common/Error.h"

#include <QByteArray>
#include <QString>
#include <QTest>

namespace cm::test {

// The name of an error class ("KeyWrong"), for failure messages.
QByteArray codeName(ErrorCode code);

// "succeeded", or the error class and message. Error messages name fields, credentials, files
// and key ids, never values, keys or passphrases, so they are safe to print.
template<typename T> QByteArray outcome(const Result<T>& result)
{
    if (result.ok())
        return QByteArrayLiteral("succeeded");
    return QByteArray(codeName(result.error().code) + ": " + result.error().message.toUtf8());
}

template<typename T> bool failsWith(const Result<T>& result, ErrorCode code)
{
    return !result.ok() && result.error().code == code;
}

template<typename T> QByteArray expectation(const Result<T>& result, ErrorCode code)
{
    return QByteArray("expected " + codeName(code) + ", got " + outcome(result));
}

} // namespace cm::test

// Each macro evaluates its expression once: the expression may be a write.
#define VERIFY_OK(expr)                                                                                                \
    do {                                                                                                               \
        const auto& verifyResult_ = (expr);                                                                            \
        QVERIFY2(verifyResult_.ok(), cm::test::outcome(verifyResult_).constData());                                    \
    } while (false)
#define VERIFY_FAILS(expr, code)                                                                                       \
    do {                                                                                                               \
        const auto& verifyResult_ = (expr);                                                                            \
        QVERIFY2(cm::test::failsWith(verifyResult_, (code)),                                                           \
                 cm::test::expectation(verifyResult_, (code)).constData());                                            \
    } while (false)
#define VERIFY_MESSAGE_HAS(result, text)                                                                               \
    QVERIFY2(!(result).ok() && (result).error().message.contains(text),                                                \
             QByteArray("message lacks \"" + QString(text).toUtf8() + "\": " + cm::test::outcome(result)).constData())
