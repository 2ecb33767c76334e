#pragma once

#include "store/FieldValues.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace cm {

// What the store knows about a credential without decrypting anything.
struct CredentialSummary
{
    QString id;
    QString name;
    QString provider;
    QDateTime createdAt;
    QDateTime updatedAt;
    qint64 revision = 0;
    bool defaultEmbeddings = false;
};

// A credential with its decrypted field values.
struct Credential
{
    CredentialSummary summary;
    FieldValues fields;
};

// One row of the audit log: who did what to which credential, and which field keys
// changed. Never a value.
struct AuditEntry
{
    qint64 id = 0;
    QDateTime at;
    QString actor;
    QString action;
    QString credentialId;
    QString credentialName;
    QStringList fields;
};

} // namespace cm
