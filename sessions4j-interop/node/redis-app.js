// bench/redis-vs-express.sh still starts `node redis-app.js`: the app is app.js with STORE=redis.
process.env.STORE = 'redis'
await import('./app.js')
