#include "app/engine/EngineHost.h"

#include "app/demo/DemoApp.h"
#include "core/context/Globals.h"
#include "core/fiber/IdentMode.h"
#include "core/http/HttpServer.h"
#include "core/session/SecretKeyStore.h"
#include "core/session/SessionInterface.h"

namespace rs::app {

EngineHost::EngineHost(QObject *parent)
    : control::EngineControl(parent), demo_(std::make_unique<demo::DemoApp>())
{
}

EngineHost::~EngineHost()
{
    stopNow();
}

bool EngineHost::fail(const QString &error)
{
    status_.state = State::Failed;
    status_.address.clear();
    status_.error = error;
    emit statusChanged();
    return false;
}

void EngineHost::start(const control::EngineSettings &settings)
{
    if (busy()) {
        next_ = Next{true, settings};
        return;
    }
    settings_ = settings;
    // A store is pinged only for settings that can be used; finishStart() says what is wrong.
    std::optional<SessionBackendSettings> backend;
    if (settings.validate().isEmpty())
        backend = settings.session;
    begin(Pending::Starting, std::move(backend));
}

void EngineHost::stop()
{
    if (busy()) {
        next_ = Next{false, {}};
        return;
    }
    if (!server_) {
        // Nothing to stop; settled() still follows, as callers wait for it.
        QMetaObject::invokeMethod(this, &EngineControl::settled, Qt::QueuedConnection);
        return;
    }
    begin(Pending::Stopping, std::nullopt);
}

void EngineHost::begin(Pending pending, std::optional<SessionBackendSettings> backend)
{
    // A worker held at a breakpoint would keep the stop waiting for its thread.
    if (server_)
        breakpoints().resumeAll();
    stopping_ = std::move(server_);
    status_.pending = pending;
    emit statusChanged();

    auto result = std::make_shared<JobResult>();
    const quint64 job = ++job_;
    helper_ = std::thread([this, job, result, server = stopping_.get(), backend = std::move(backend)] {
        if (server)
            server->stop();
        if (backend)
            result->backend = SessionBackend::create(*backend);
        // The last thing this thread does; jobDone() joins it.
        QMetaObject::invokeMethod(
            this, [this, job, result] { jobDone(job, result); }, Qt::QueuedConnection);
    });
}

void EngineHost::jobDone(quint64 job, const std::shared_ptr<JobResult> &result)
{
    if (job != job_)
        return; // stopNow() took over
    helper_.join();
    if (stopping_) {
        handledBefore_ += stopping_->requestsHandled();
        stopping_.reset();
        releaseLeftoverContexts(); // no worker runs now: what is left is a broken mode's debris
    }
    if (status_.pending == Pending::Starting) {
        finishStart(std::move(result->backend));
    } else {
        status_.pending = Pending::None;
        status_.state = State::Stopped;
        status_.address.clear();
        emit statusChanged();
    }
    if (next_) {
        const Next next = std::move(*next_);
        next_.reset();
        if (next.start)
            start(next.settings);
        else if (server_)
            stop();
    }
    if (!busy())
        emit settled();
}

void EngineHost::stopNow()
{
    next_.reset();
    ++job_; // a jobDone() already posted finds nothing left to do
    if (helper_.joinable())
        helper_.join();
    if (stopping_) {
        handledBefore_ += stopping_->requestsHandled();
        stopping_.reset();
    }
    if (server_) {
        breakpoints().resumeAll();
        server_->stop();
        handledBefore_ += server_->requestsHandled();
        server_.reset();
    }
    status_.pending = Pending::None;
    status_.state = State::Stopped;
    status_.address.clear();
}

// GUI thread, after the helper: the old server is stopped and the new one not started yet.
void EngineHost::finishStart(std::optional<SessionBackend::Result> backendResult)
{
    const control::EngineSettings &settings = settings_;
    status_ = Status{};
    const QString invalid = settings.validate();
    if (!invalid.isEmpty()) {
        fail(invalid);
        return;
    }

    auto demo = std::make_unique<demo::DemoApp>();
    Config &config = demo->app().config();
    if (!settings.secret.isEmpty()) {
        config.set(QStringLiteral("SECRET_KEY"), settings.secret);
        status_.secretInfo =
            QStringLiteral("set in the App panel (%1 characters)").arg(settings.secret.size());
    } else {
        QString error;
        const QString key = SecretKeyStore::loadOrCreate(&error);
        if (key.isEmpty()) {
            fail(error + QStringLiteral(" (or type a secret in the App panel)"));
            return;
        }
        config.set(QStringLiteral("SECRET_KEY"), key);
        status_.secretInfo = QStringLiteral("per-install random key in %1").arg(SecretKeyStore::path());
    }
    secretKey_ = config.value(QStringLiteral("SECRET_KEY")).toString();
    config.set(QStringLiteral("PERMANENT_SESSION_LIFETIME"), settings.permanentLifetimeS);
    config.set(QStringLiteral("SESSION_REFRESH_EACH_REQUEST"), settings.refreshEachRequest);
    config.set(QStringLiteral("SESSION_USE_SIGNER"), settings.useSigner);
    config.set(QStringLiteral("SESSION_TYPE"), settings.session.type);

    SessionBackend::Result backend = std::move(*backendResult);
    if (!backend.interface) {
        fail(backend.error);
        return;
    }
    demo->app().setSessionInterface(std::move(backend.interface));
    status_.warning = backend.warning;
    status_.sessionInfo = backend.description;

    // The Locals' ident function is read without a lock: it changes only while no worker runs.
    useIdentMode(settings.identMode());
    if (const QString broken = settings.brokenIdentWarning(); !broken.isEmpty()) {
        if (!status_.warning.isEmpty())
            status_.warning += QStringLiteral("; ");
        status_.warning += broken + QStringLiteral(" — watch /whoami?ms=50 and the red marks");
    }
    for (const QString &unsafe : settings.securityWarnings()) {
        if (!status_.warning.isEmpty())
            status_.warning += QStringLiteral("; ");
        status_.warning += unsafe;
    }

    // Binding stays here: a free port is found in a few ms, and the server is owned by this thread.
    const int tries = settings.tryNextPorts && settings.port != 0 ? 100 : 1;
    QString error;
    for (int i = 0; i < tries && settings.port + i <= 65535; ++i) {
        http::ServerConfig serverConfig;
        serverConfig.host = QHostAddress(settings.host);
        serverConfig.port = static_cast<quint16>(settings.port + i);
        serverConfig.threads = settings.threads;
        serverConfig.coroutines = settings.workers == QLatin1String("coroutines");
        auto server = std::make_unique<http::HttpServer>(serverConfig, demo->app().httpHandler());
        QString attempt;
        if (server->start(&attempt)) {
            server_ = std::move(server);
            break;
        }
        if (error.isEmpty())
            error = attempt;
    }
    if (!server_) {
        fail(tries > 1 ? QStringLiteral("%1 (and the next %2 ports)").arg(error).arg(tries - 1) : error);
        return;
    }
    demo_ = std::move(demo);
    status_.state = State::Running;
    status_.address = QStringLiteral("http://%1:%2").arg(server_->address().toString()).arg(server_->port());
    emit statusChanged();
}

std::vector<control::EngineControl::Route> EngineHost::routes() const
{
    std::vector<Route> out;
    for (const App::RuleInfo &r : demo_->app().ruleInfos())
        out.push_back({r.rule, r.methods.join(QStringLiteral(", ")), r.endpoint, r.blueprint});
    return out;
}

std::vector<control::EngineControl::Hook> EngineHost::hooks() const
{
    const App &app = demo_->app();
    QStringList scopes{QString()};
    scopes += app.blueprintNames();
    auto scopeName = [](const QString &scope) { return scope.isEmpty() ? QStringLiteral("app") : scope; };
    std::vector<Hook> out;
    for (const auto &h : app.beforeFirstRequestHooks())
        out.push_back({QStringLiteral("before_first_request"), QStringLiteral("app"), h.name});
    // Flask's order for a request to a (nested) blueprint: app first, then outer → inner …
    for (const QString &scope : scopes)
        if (const HookSet *set = app.hooksOf(scope))
            for (const auto &h : set->urlValuePreprocessors)
                out.push_back({QStringLiteral("url_value_preprocessor"), scopeName(scope), h.name});
    for (const QString &scope : scopes)
        if (const HookSet *set = app.hooksOf(scope))
            for (const auto &h : set->beforeRequest)
                out.push_back({QStringLiteral("before_request"), scopeName(scope), h.name});
    // … and back: inner blueprint → app, each scope's hooks reversed.
    for (auto scope = scopes.crbegin(); scope != scopes.crend(); ++scope)
        if (const HookSet *set = app.hooksOf(*scope))
            for (auto h = set->afterRequest.crbegin(); h != set->afterRequest.crend(); ++h)
                out.push_back({QStringLiteral("after_request"), scopeName(*scope), h->name});
    for (auto scope = scopes.crbegin(); scope != scopes.crend(); ++scope)
        if (const HookSet *set = app.hooksOf(*scope))
            for (auto h = set->teardownRequest.crbegin(); h != set->teardownRequest.crend(); ++h)
                out.push_back({QStringLiteral("teardown_request"), scopeName(*scope), h->name});
    const auto &appTeardown = app.teardownAppcontextHooks();
    for (auto h = appTeardown.crbegin(); h != appTeardown.crend(); ++h)
        out.push_back({QStringLiteral("teardown_appcontext"), QStringLiteral("app"), h->name});
    return out;
}

QStringList EngineHost::middleware() const
{
    return demo_->app().middlewareNames();
}

quint64 EngineHost::requestsHandled() const
{
    return handledBefore_ + (server_ ? server_->requestsHandled() : 0) +
           (stopping_ ? stopping_->requestsHandled() : 0);
}

std::map<QString, std::vector<quint64>> EngineHost::liveSlots() const
{
    std::map<QString, std::vector<quint64>> out;
    for (const Local *local : {&requestStack().local(), &appStack().local()}) {
        const std::vector<Local::Ident> idents = local->idents();
        out[QString::fromStdString(local->name())] = std::vector<quint64>(idents.begin(), idents.end());
    }
    return out;
}

} // namespace rs::app
