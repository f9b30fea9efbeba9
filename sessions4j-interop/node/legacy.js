// The "legacy" shop of the browser migration test: HTML pages mounted under /legacy/ in app.js, the part of
// a site that still runs on express while the rest has moved to Java behind the same reverse proxy. The
// session keys it uses, `user` (a string) and `cart` (an array of strings), are the ones the Java pages of
// the test (MigrationApp) read and write.
//   GET  /legacy/         the user, the cart, a form to add an item, links to the Java pages
//   GET  /legacy/login    a login form; POST /legacy/login regenerates the session and stores `user`
//   POST /legacy/cart     adds `item` to `cart`
//   POST /legacy/logout   destroys the session

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

const page = (req, title, body) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>
  body { font-family: sans-serif; margin: 2rem; background: #fff8e7; }
  .banner { background: #68a063; color: #fff; padding: .5rem 1rem; border-radius: 4px; }
  .banner code { color: #fff; }
  li { margin: .2rem 0; }
</style></head>
<body><p class="banner"><span id="served-by">legacy pages, served by node (express-session)</span>
  &middot; <code>${escape(req.originalUrl)}</code></p>
${body}
</body></html>`

export function legacyPages (express) {
  const router = express.Router()
  router.use(express.urlencoded({ extended: false }))

  router.get('/', (req, res) => {
    const { user, cart = [] } = req.session
    const items = cart.map((item) => `<li>${escape(item)}</li>`).join('')
    res.type('html').send(page(req, 'Legacy shop', `
<h1>Legacy shop</h1>
${user
    ? `<p id="login-state">logged in as <b id="user">${escape(user)}</b></p>
<p>session <code id="session-id">${escape(req.sessionID)}</code></p>
<form method="post" action="/legacy/logout"><button id="logout">log out (node)</button></form>`
    : '<p id="login-state">not logged in</p><p><a id="login" href="/legacy/login">log in</a></p>'}
<h2>Cart</h2>
<ul id="cart">${items}</ul>
<form method="post" action="/legacy/cart">
  <input id="item" name="item" required> <button id="add">add to cart (node)</button>
</form>
<p><a id="to-java" href="/account">your account (the new Java pages)</a></p>`))
  })

  router.get('/login', (req, res) => {
    res.type('html').send(page(req, 'Log in', `
<h1>Log in</h1>
<form method="post" action="/legacy/login">
  <label>user <input id="username" name="username" required></label>
  <button id="submit">log in</button>
</form>`))
  })

  router.post('/login', (req, res, next) => {
    const name = String(req.body.username ?? '').trim()
    if (!name) return res.status(400).type('html').send(page(req, 'Log in', '<p>a user name is needed</p>'))
    req.session.regenerate((err) => {
      if (err) return next(err)
      req.session.user = name
      // express-session saves when the response ends, so a browser that follows the redirect at once can
      // arrive before the save (express-session #360): save first, as its README advises.
      req.session.save((err) => (err ? next(err) : res.redirect(303, '/legacy/')))
    })
  })

  router.post('/cart', (req, res, next) => {
    const item = String(req.body.item ?? '').trim()
    if (item) req.session.cart = [...(req.session.cart ?? []), item]
    req.session.save((err) => (err ? next(err) : res.redirect(303, '/legacy/')))
  })

  router.post('/logout', (req, res, next) => {
    req.session.destroy((err) => {
      if (err) return next(err)
      res.redirect(303, '/legacy/')
    })
  })

  return router
}
