#include "Keychain.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QPointer>
#include <QTimer>

#include <qt6keychain/keychain.h>

#include <memory>

namespace cm {

namespace {

// Which QtKeychain errors mean "no keychain to talk to" rather than "this entry is bad".
Error jobError(const QKeychain::Job& job)
{
    switch (job.error()) {
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        return makeError(ErrorCode::KeychainUnavailable,
                         Keychain::tr("The system keychain refused access to the store key; allow access, or set "
                                      "CREDENTIAL_ENCRYPTION_KEY instead."));
    default:
        // NoBackendAvailable, NotImplemented, and OtherError, which on Linux is what a
        // missing Secret Service (org.freedesktop.secrets) looks like.
        return Keychain::unavailableError(job.errorString());
    }
}

QString serviceName()
{
    return QString::fromLatin1(Keychain::Service);
}

// Starts a job that deletes itself when finished, reporting to `done` once.
template<typename JobType, typename Done> void startJob(JobType* job, const QString& entry, Done done)
{
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a plaintext copy of the key on disk
    job->setKey(entry);
    QObject::connect(job, &QKeychain::Job::finished, job, [job, done](QKeychain::Job*) { done(*job); });
    job->start();
}

// Runs an asynchronous call to completion on a local event loop, or times out.
template<typename T, typename Start> Result<T> blocking(int timeoutMs, Start start)
{
    QEventLoop loop;
    auto result = std::make_shared<std::optional<Result<T>>>();
    // A job that answers after the timeout must find neither the loop nor a waiter.
    start([result, guard = QPointer<QEventLoop>(&loop)](Result<T> value) {
        result->emplace(std::move(value));
        if (guard)
            guard->quit();
    });
    if (!result->has_value()) {
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        loop.exec();
    }
    if (!result->has_value())
        return Keychain::unavailableError(Keychain::tr("it did not answer within %1 seconds").arg(timeoutMs / 1000));
    return std::move(**result);
}

} // namespace

Error Keychain::unavailableError(const QString& detail)
{
    const QString reason = detail.isEmpty() ? tr("no keychain service answered") : detail;
    return Error {
        ErrorCode::KeychainUnavailable,
        tr("The system keychain is unavailable (%1); set CREDENTIAL_ENCRYPTION_KEY to the store key instead.")
            .arg(reason),
        reason
    };
}

void Keychain::read(const QString& entry, ReadCallback done)
{
    startJob(new QKeychain::ReadPasswordJob(serviceName()), entry, [done](QKeychain::Job& job) {
        auto& reader = static_cast<QKeychain::ReadPasswordJob&>(job);
        if (job.error() == QKeychain::EntryNotFound)
            return done(std::optional<SecureBuffer>());
        if (job.error() != QKeychain::NoError)
            return done(jobError(job));
        QByteArray data = reader.binaryData();
        SecureBuffer secret = SecureBuffer::copyOf(data);
        wipe(data);
        done(std::optional<SecureBuffer>(std::move(secret)));
    });
}

void Keychain::write(const QString& entry, const SecureBuffer& secret, DoneCallback done)
{
    auto* job = new QKeychain::WritePasswordJob(serviceName());
    // QtKeychain takes a QByteArray; the copy lives only until the job is deleted.
    job->setBinaryData(secret.view().toByteArray());
    startJob(job, entry, [done](QKeychain::Job& job) {
        if (job.error() != QKeychain::NoError)
            return done(jobError(job));
        done(Result<void>());
    });
}

void Keychain::remove(const QString& entry, DoneCallback done)
{
    startJob(new QKeychain::DeletePasswordJob(serviceName()), entry, [done](QKeychain::Job& job) {
        if (job.error() != QKeychain::NoError && job.error() != QKeychain::EntryNotFound)
            return done(jobError(job));
        done(Result<void>());
    });
}

Result<std::optional<SecureBuffer>> Keychain::readBlocking(const QString& entry, int timeoutMs)
{
    return blocking<std::optional<SecureBuffer>>(timeoutMs, [&](ReadCallback done) { read(entry, std::move(done)); });
}

Result<void> Keychain::writeBlocking(const QString& entry, const SecureBuffer& secret, int timeoutMs)
{
    return blocking<void>(timeoutMs, [&](DoneCallback done) { write(entry, secret, std::move(done)); });
}

Result<void> Keychain::removeBlocking(const QString& entry, int timeoutMs)
{
    return blocking<void>(timeoutMs, [&](DoneCallback done) { remove(entry, std::move(done)); });
}

} // namespace cm
