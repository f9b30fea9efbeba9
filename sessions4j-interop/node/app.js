// express-session app that shares sessions with sessions4j through one store: connect-redis on Redis (or a
// Redis Cluster), connect-pg-simple on a PostgreSQL table, or express-mysql-session on a MariaDB/MySQL table
// (the interop tests and the benchmarks in bench/ start it). It also serves the HTML pages of a "legacy"
// shop under /legacy/ (legacy.js) for the browser migration test.
// Configuration from the environment:
//   STORE         redis | pg | mysql (required)
//   PORT          port to listen on (0: any free port; the chosen one is printed)
//   SECRETS       JSON array of secrets, first signs, all verify (or one plain string)
//   MAX_AGE       cookie maxAge in ms; unset for a browser-session cookie
//   SAME_SITE     cookie sameSite (lax | strict | none); unset: no SameSite attribute (express's default)
//   WORKERS       number of processes (node:cluster) sharing the port, default 1; needs a fixed PORT
// STORE=redis (connect-redis 9, node-redis 5):
//   REDIS_URL     e.g. redis://127.0.0.1:6379; with REDIS_CLUSTER=1 the seed nodes, redis://h:p1,h:p2,...
//   REDIS_CLUSTER 1: a Redis Cluster (node-redis createCluster, which follows MOVED and ASK)
//   PREFIX        key prefix, default "sess:" (connect-redis's)
// STORE=pg (connect-pg-simple 10, pg 8):
//   DATABASE_URL  e.g. postgres://postgres@127.0.0.1:5432/test
//   TABLE         table name, default "session" (connect-pg-simple's)
//   SCHEMA        schema name, optional
//   POOL_SIZE     node-postgres pool size, default 10
//   CREATE_TABLE  1: let connect-pg-simple create its table when missing (createTableIfMissing)
//   PG_TIMEZONE   optional: the TimeZone of the app's database sessions (default: the server's)
// STORE=mysql (express-mysql-session 3, mysql2 3):
//   MYSQL_URL     e.g. mysql://root@127.0.0.1:3306/test
//   TABLE         table name, default "sessions" (express-mysql-session's)
//   POOL_SIZE     mysql2 pool size, default 10
//   CREATE_TABLE  1: let express-mysql-session create its table (its own schema.sql) when missing
//   Its timed clearing of expired rows is off; GET /prune runs it (clearExpiredSessions) on demand.
// Prints one line `listening <port>` when ready (per worker). Every endpoint answers JSON, except the
// /legacy/ pages (HTML).
import cluster from 'node:cluster'
import express from 'express'
import session from 'express-session'
import { legacyPages } from './legacy.js'

// Each store is imported only when chosen, so a Redis run never loads pg and the other way round.
const stores = {
  async redis () {
    const { RedisStore } = await import('connect-redis')
    const { createClient, createCluster } = await import('redis')
    const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
    const client = process.env.REDIS_CLUSTER === '1'
      ? createCluster({ rootNodes: clusterSeeds(url) })
      : createClient({ url })
    client.on('error', (err) => console.error('redis error:', err.message))
    await client.connect()
    return {
      store: new RedisStore({ client, prefix: process.env.PREFIX ?? 'sess:' }),
      close: () => client.quit()
    }
  },

  async pg () {
    const { default: connectPgSimple } = await import('connect-pg-simple')
    const { default: pg } = await import('pg')
    const pool = new pg.Pool({
      connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
      max: Number(process.env.POOL_SIZE ?? 10),
      options: process.env.PG_TIMEZONE ? `-c TimeZone=${process.env.PG_TIMEZONE}` : undefined
    })
    pool.on('error', (err) => console.error('pg error:', err.message))
    const PgStore = connectPgSimple(session)
    const store = new PgStore({
      pool,
      tableName: process.env.TABLE ?? 'session',
      schemaName: process.env.SCHEMA || undefined,
      createTableIfMissing: process.env.CREATE_TABLE === '1',
      pruneSessionInterval: false,
      errorLog: (...args) => console.error('connect-pg-simple:', ...args)
    })
    return {
      store,
      close: () => store.close(),
      // The TimeZone connect-pg-simple's to_timestamp() writes "expire" in: a Java app sharing the table
      // pins JdbcStore's timeZone to it.
      timeZone: async () => (await pool.query('SHOW TimeZone')).rows[0].TimeZone
    }
  },

  async mysql () {
    const { default: mysqlSession } = await import('express-mysql-session')
    const MySQLStore = mysqlSession(session)
    const url = new URL(process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test')
    const store = new MySQLStore({
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username || 'root'),
      password: url.password ? decodeURIComponent(url.password) : undefined,
      database: decodeURIComponent(url.pathname.slice(1)),
      connectionLimit: Number(process.env.POOL_SIZE ?? 10),
      createDatabaseTable: process.env.CREATE_TABLE === '1',
      clearExpired: false,
      schema: { tableName: process.env.TABLE ?? 'sessions' }
    })
    await store.onReady()
    return {
      store,
      close: () => store.close(),
      // express-mysql-session's own pruning: DELETE ... WHERE expires < round(now in seconds).
      prune: () => store.clearExpiredSessions()
    }
  }
}

// redis://h:p1,h:p2 -> node-redis cluster root nodes [{ url: 'redis://h:p1' }, ...]
function clusterSeeds (url) {
  const { protocol } = new URL(url.split(',')[0])
  return url.slice(protocol.length + 2).split(',').map((hostPort) => ({ url: `${protocol}//${hostPort}` }))
}

const open = stores[process.env.STORE]
if (!open) {
  console.error(`STORE must be one of ${Object.keys(stores).join(', ')}, not ${JSON.stringify(process.env.STORE)}`)
  process.exit(2)
}

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

const backend = await open()

const app = express()
app.use(session({
  store: backend.store,
  secret: secrets(),
  resave: false,
  saveUninitialized: false,
  cookie: {
    ...(process.env.MAX_AGE ? { maxAge: Number(process.env.MAX_AGE) } : {}),
    ...(process.env.SAME_SITE ? { sameSite: process.env.SAME_SITE } : {})
  }
}))

const served = (extra) => ({ served_by: 'node', ...extra })

app.use('/legacy', legacyPages(express))

const countView = (req, res) => {
  req.session.views = (req.session.views ?? 0) + 1
  res.json(served({ views: req.session.views }))
}
// "/" is express-session's README view counter, the benchmarks' page (their wrk scripts seed sessions
// from it); "/views" is the same for the tests.
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

if (backend.prune) {
  app.get('/prune', async (req, res, next) => {
    try {
      await backend.prune()
      res.json(served({ pruned: true }))
    } catch (err) {
      next(err)
    }
  })
}

if (backend.timeZone) {
  app.get('/tz', async (req, res, next) => {
    try {
      res.json(served({ timeZone: await backend.timeZone() }))
    } catch (err) {
      next(err)
    }
  })
}

app.use((err, req, res, next) => {
  res.status(500).json(served({ error: String(err && err.message) }))
})

const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`)
})

const shutdown = () => server.close(() => backend.close().finally(() => process.exit(0)))
process.on('SIGTERM', shutdown)
process.on('SIGINT', shutdown)
