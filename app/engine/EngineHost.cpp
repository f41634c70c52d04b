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
    stop();
}

bool EngineHost::fail(const QString &error)
{
    status_.state = State::Failed;
    status_.address.clear();
    status_.error = error;
    emit statusChanged();
    return false;
}

bool EngineHost::start(const control::EngineSettings &settings)
{
    stop();
    settings_ = settings;
    status_ = Status{};
    const QString invalid = settings.validate();
    if (!invalid.isEmpty())
        return fail(invalid);

    auto demo = std::make_unique<demo::DemoApp>();
    Config &config = demo->app().config();
    if (!settings.secret.isEmpty()) {
        config.set(QStringLiteral("SECRET_KEY"), settings.secret);
        status_.secretInfo =
            QStringLiteral("set in the App panel (%1 characters)").arg(settings.secret.size());
    } else {
        QString error;
        const QString key = SecretKeyStore::loadOrCreate(&error);
        if (key.isEmpty())
            return fail(error + QStringLiteral(" (or type a secret in the App panel)"));
        config.set(QStringLiteral("SECRET_KEY"), key);
        status_.secretInfo = QStringLiteral("per-install random key in %1").arg(SecretKeyStore::path());
    }
    secretKey_ = config.value(QStringLiteral("SECRET_KEY")).toString();
    config.set(QStringLiteral("PERMANENT_SESSION_LIFETIME"), settings.permanentLifetimeS);
    config.set(QStringLiteral("SESSION_REFRESH_EACH_REQUEST"), settings.refreshEachRequest);
    config.set(QStringLiteral("SESSION_USE_SIGNER"), settings.useSigner);
    config.set(QStringLiteral("SESSION_TYPE"), settings.session.type);

    SessionBackend::Result backend = SessionBackend::create(settings.session);
    if (!backend.interface)
        return fail(backend.error);
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
    if (!server_)
        return fail(tries > 1 ? QStringLiteral("%1 (and the next %2 ports)").arg(error).arg(tries - 1)
                              : error);
    demo_ = std::move(demo);
    status_.state = State::Running;
    status_.address = QStringLiteral("http://%1:%2").arg(server_->address().toString()).arg(server_->port());
    emit statusChanged();
    return true;
}

void EngineHost::stop()
{
    if (!server_)
        return;
    // A worker held at a breakpoint would keep stop() waiting for its thread.
    breakpoints().resumeAll();
    server_->stop();
    handledBefore_ += server_->requestsHandled();
    server_.reset();
    status_.state = State::Stopped;
    status_.address.clear();
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
    return handledBefore_ + (server_ ? server_->requestsHandled() : 0);
}

} // namespace rs::app
