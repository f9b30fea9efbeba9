// express-session + connect-redis app that shares sessions with sessions4j (the interop tests and the
// redis benchmark start it). Configuration from the environment:
//   PORT        port to listen on (0: any free port; the chosen one is printed)
//   SECRETS     JSON array of secrets, first signs, all verify (or one plain string)
//   REDIS_URL   e.g. redis://127.0.0.1:6379
//   PREFIX      key prefix, default "sess:" (connect-redis's)
//   MAX_AGE     cookie maxAge in ms; unset for a browser-session cookie
//   WORKERS     number of processes (node:cluster) sharing the port, default 1; needs a fixed PORT
// Prints one line `listening <port>` when ready (per worker). Every endpoint answers JSON.
import cluster from 'node:cluster'
import express from 'express'
import session from 'express-session'
import { RedisStore } from 'connect-redis'
import { createClient } from 'redis'

function secrets () {
  const raw = process.env.SECRETS ?? 'interop secret'
  try {
    const parsed = JSON.parse(raw)
    return Array.isArray(parsed) ? parsed : [String(parsed)]
  } catch {
    return [raw]
  }
}

const workers = Number(process.env.WORKERS ?? 1)
if (workers > 1 && cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork()
  const stop = () => { for (const w of Object.values(cluster.workers)) w.kill('SIGTERM') }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
  await new Promise(() => {})
}

const client = createClient({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' })
client.on('error', (err) => console.error('redis error:', err.message))
await client.connect()

const app = express()
app.use(session({
  store: new RedisStore({ client, prefix: process.env.PREFIX ?? 'sess:' }),
  secret: secrets(),
  resave: false,
  saveUninitialized: false,
  cookie: process.env.MAX_AGE ? { maxAge: Number(process.env.MAX_AGE) } : {}
}))

const served = (extra) => ({ served_by: 'node', ...extra })

const countView = (req, res) => {
  req.session.views = (req.session.views ?? 0) + 1
  res.json(served({ views: req.session.views }))
}
// "/" is the same counter, so the benchmark's wrk script (which seeds sessions from "/") works unchanged.
app.get('/', countView)
app.get('/views', countView)

app.get('/peek', (req, res) => {
  res.json(served({ views: req.session.views ?? 0, isNew: req.session.views === undefined }))
})

app.get('/login', (req, res, next) => {
  req.session.regenerate((err) => {
    if (err) return next(err)
    req.session.user = req.query.user
    res.json(served({ user: req.query.user }))
  })
})

app.get('/whoami', (req, res) => {
  res.json(served({ user: req.session.user ?? null }))
})

app.get('/logout', (req, res, next) => {
  req.session.destroy((err) => {
    if (err) return next(err)
    res.json(served({ loggedOut: true }))
  })
})

app.get('/set', (req, res) => {
  const value = JSON.parse(req.query.value)
  req.session[req.query.key] = value
  res.json(served({ value }))
})

app.get('/get', (req, res) => {
  const c = req.session.cookie
  res.json(served({
    id: req.sessionID,
    value: req.session[req.query.key] ?? null,
    maxAge: c.maxAge ?? null,
    originalMaxAge: c.originalMaxAge ?? null,
    expires: c.expires ? c.expires.toISOString() : null,
    cookie: c.toJSON()
  }))
})

app.use((err, req, res, next) => {
  res.status(500).json(served({ error: String(err && err.message) }))
})

const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`)
})

const shutdown = () => server.close(() => client.quit().finally(() => process.exit(0)))
process.on('SIGTERM', shutdown)
process.on('SIGINT', shutdown)
