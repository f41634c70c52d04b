#pragma once

#include "core/framework/routing/Converter.h"
#include "core/framework/routing/Rule.h"
#include "core/framework/routing/RulePart.h"

#include <QByteArrayView>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace rs::routing {

// What a Rule compiles to; read by the matcher and by Map.
struct Rule::Impl {
    // One piece of the URL a rule builds: literal text (already quoted) or a variable.
    struct BuildStep {
        bool dynamic = false;
        QString text;      // quoted static text
        int argument = -1; // index into arguments/converters
    };

    QString pattern;
    QString endpoint;
    QStringList methods;
    bool automaticOptions = false;
    bool strictSlashes = true;
    QStringList arguments;
    std::vector<std::unique_ptr<Converter>> converters; // parallel to arguments
    std::vector<RulePart> parts;
    std::vector<BuildStep> steps;

    bool allowsMethod(QByteArrayView method) const
    {
        const QLatin1StringView wanted(method.data(), method.size());
        for (const QString &m : methods) {
            if (m == wanted)
                return true;
        }
        return false;
    }

    // re.sub("/{2,}?", "/", path): every "//" becomes "/", scanning left to right, so "///"
    // becomes "//" exactly as in werkzeug.
    static QString mergeSlashes(const QString &path)
    {
        if (!path.contains(QLatin1String("//")))
            return path;
        QString merged;
        merged.reserve(path.size());
        for (qsizetype i = 0; i < path.size(); ++i) {
            merged.append(path[i]);
            if (path[i] == QLatin1Char('/') && i + 1 < path.size() && path[i + 1] == QLatin1Char('/'))
                ++i;
        }
        return merged;
    }
};

} // namespace rs::routing
