package io.sessions4j.jdbc.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} proxy over a real one that counts what reaches the database: statements executed
 * (with their SQL), connections borrowed, and connections still out. Built with {@link Proxy}, so every
 * call goes to the real driver unchanged.
 */
public final class CountingDataSource {
    private final DataSource target;
    private final AtomicInteger executed = new AtomicInteger();
    private final AtomicInteger borrowed = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final List<String> statements = new CopyOnWriteArrayList<>();
    private final DataSource proxy;

    public CountingDataSource(DataSource target) {
        this.target = target;
        this.proxy = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (p, m, args) -> {
                    Object result = invoke(target, m, args);
                    if (m.getName().equals("getConnection")) {
                        borrowed.incrementAndGet();
                        open.incrementAndGet();
                        return connection((Connection) result);
                    }
                    return result;
                });
    }

    public DataSource dataSource() {
        return proxy;
    }

    public int executed() {
        return executed.get();
    }

    public int borrowed() {
        return borrowed.get();
    }

    /** Connections borrowed and not yet closed. */
    public int open() {
        return open.get();
    }

    public List<String> statements() {
        return List.copyOf(statements);
    }

    public void reset() {
        executed.set(0);
        borrowed.set(0);
        statements.clear();
    }

    private Connection connection(Connection real) {
        InvocationHandler handler = new InvocationHandler() {
            private boolean closed;

            @Override
            public Object invoke(Object p, Method m, Object[] args) throws Throwable {
                String name = m.getName();
                if (name.equals("close") && !closed) {
                    closed = true;
                    open.decrementAndGet();
                }
                Object result = CountingDataSource.invoke(real, m, args);
                if (result instanceof Statement) {
                    String sql = args != null && args.length > 0 && args[0] instanceof String ? (String) args[0] : null;
                    return statement((Statement) result, sql);
                }
                return result;
            }
        };
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                handler);
    }

    private Statement statement(Statement real, String preparedSql) {
        Class<?>[] types = real instanceof java.sql.CallableStatement
                ? new Class<?>[] {java.sql.CallableStatement.class}
                : real instanceof java.sql.PreparedStatement ? new Class<?>[] {java.sql.PreparedStatement.class}
                : new Class<?>[] {Statement.class};
        return (Statement) Proxy.newProxyInstance(getClass().getClassLoader(), types, (p, m, args) -> {
            if (m.getName().startsWith("execute")) {
                executed.incrementAndGet();
                String sql = args != null && args.length > 0 && args[0] instanceof String ? (String) args[0] : preparedSql;
                statements.add(sql);
            }
            return invoke(real, m, args);
        });
    }

    private static Object invoke(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
