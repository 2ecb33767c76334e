#include "Keychain.h"

#include <QCoreApplication>
#include <QEventLoop>
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

// A job for one entry, never with a plaintext fallback file.
template<typename JobType> std::unique_ptr<JobType> makeJob(const QString& entry)
{
    auto job = std::make_unique<JobType>(serviceName());
    job->setInsecureFallback(false);
    job->setKey(entry);
    return job;
}

// The outcome of each kind of job, shared by the asynchronous and the blocking calls.
Result<std::optional<SecureBuffer>> readOutcome(QKeychain::ReadPasswordJob& job)
{
    if (job.error() == QKeychain::EntryNotFound)
        return std::optional<SecureBuffer>();
    if (job.error() != QKeychain::NoError)
        return jobError(job);
    QByteArray data = job.binaryData();
    SecureBuffer secret = SecureBuffer::copyOf(data);
    wipe(data);
    return std::optional<SecureBuffer>(std::move(secret));
}

Result<void> writeOutcome(QKeychain::Job& job)
{
    if (job.error() != QKeychain::NoError)
        return jobError(job);
    return {};
}

Result<void> removeOutcome(QKeychain::Job& job)
{
    if (job.error() != QKeychain::NoError && job.error() != QKeychain::EntryNotFound)
        return jobError(job);
    return {};
}

// Starts a job that deletes itself once it has reported its outcome to `done`.
template<typename JobType, typename Outcome, typename Done>
void startAsync(std::unique_ptr<JobType> owned, Outcome outcome, Done done)
{
    JobType* job = owned.release();
    job->setAutoDelete(true);
    QObject::connect(job, &QKeychain::Job::finished, job,
                     [job, outcome, done](QKeychain::Job*) { done(outcome(*job)); });
    job->start();
}

// Runs a job to completion on a local event loop, or gives up after the timeout. The job is
// not auto-deleted: this function owns it, and a late answer goes to a job already scheduled
// for deletion, never to a loop that is gone.
template<typename JobType, typename Outcome>
auto runBlocking(std::unique_ptr<JobType> job, Outcome outcome, int timeoutMs) -> decltype(outcome(*job))
{
    job->setAutoDelete(false);
    QEventLoop loop;
    bool finished = false;
    QObject::connect(job.get(), &QKeychain::Job::finished, &loop, [&](QKeychain::Job*) {
        finished = true;
        loop.quit();
    });
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    timeout.start(timeoutMs);
    job->start();
    // No clicks or keys meanwhile: a window must not act (or close) half-way through a call.
    loop.exec(QEventLoop::ExcludeUserInputEvents);
    if (!finished) {
        // Left alive on purpose: a backend may still answer into the job, and a leaked job is
        // better than a late answer into freed memory.
        static_cast<void>(job.release());
        return Keychain::unavailableError(Keychain::tr("it did not answer within %1 seconds").arg(timeoutMs / 1000));
    }
    return outcome(*job);
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
    startAsync(makeJob<QKeychain::ReadPasswordJob>(entry), readOutcome, std::move(done));
}

void Keychain::write(const QString& entry, const SecureBuffer& secret, DoneCallback done)
{
    auto job = makeJob<QKeychain::WritePasswordJob>(entry);
    // QtKeychain takes a QByteArray; that copy lives only as long as the job.
    job->setBinaryData(secret.view().toByteArray());
    startAsync(std::move(job), writeOutcome, std::move(done));
}

void Keychain::remove(const QString& entry, DoneCallback done)
{
    startAsync(makeJob<QKeychain::DeletePasswordJob>(entry), removeOutcome, std::move(done));
}

Result<std::optional<SecureBuffer>> Keychain::readBlocking(const QString& entry, int timeoutMs)
{
    return runBlocking(makeJob<QKeychain::ReadPasswordJob>(entry), readOutcome, timeoutMs);
}

Result<void> Keychain::writeBlocking(const QString& entry, const SecureBuffer& secret, int timeoutMs)
{
    auto job = makeJob<QKeychain::WritePasswordJob>(entry);
    job->setBinaryData(secret.view().toByteArray());
    return runBlocking(std::move(job), writeOutcome, timeoutMs);
}

Result<void> Keychain::removeBlocking(const QString& entry, int timeoutMs)
{
    return runBlocking(makeJob<QKeychain::DeletePasswordJob>(entry), removeOutcome, timeoutMs);
}

} // namespace cm
