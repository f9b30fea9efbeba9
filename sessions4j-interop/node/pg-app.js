// bench/pg-vs-express.sh still starts `node pg-app.js`: the app is app.js with STORE=pg.
process.env.STORE = 'pg'
await import('./app.js')
