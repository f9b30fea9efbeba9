package io.sessions4j.internal;

import io.sessions4j.Session;
import io.sessions4j.UserSession;
import io.sessions4j.UserSessions;
import io.sessions4j.spi.PrincipalIndex;
import io.sessions4j.spi.StoredSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link UserSessions} over the store's {@link PrincipalIndex}. Every id the index lists is checked against its
 * record: one that is gone, expired, unreadable or now names another principal is removed from the index
 * (how an index that a store updates in a second step, or a principal changed on a live session, heals).
 */
final class UserSessionsImpl implements UserSessions {
    private final Engine engine;
    private final PrincipalIndex index;

    UserSessionsImpl(Engine engine, PrincipalIndex index) {
        this.engine = engine;
        this.index = index;
    }

    /** A live record of the principal, read and checked. */
    private record Live(String id, StoredSession stored, SessionJson.Parsed parsed) {
    }

    @Override
    public List<UserSession> list(String principal, String... attributes) {
        List<UserSession> result = new ArrayList<>();
        for (Live live : live(principal)) {
            SessionData data = new SessionData(engine.values(), live.parsed().data(), live.parsed().types());
            Map<String, Object> shown = new LinkedHashMap<>();
            for (String key : attributes) {
                data.get(key).ifPresent(value -> shown.put(key, value));
            }
            Instant lastAccessed = engine.lastAccessed(live.parsed().cookie(),
                    live.parsed().created() != null ? live.parsed().created() : Instant.EPOCH, live.stored().expires());
            Instant created = live.parsed().created() != null ? live.parsed().created() : lastAccessed;
            result.add(new UserSession(live.id(), LogIds.hash(live.id()), created, lastAccessed,
                    live.stored().expires(), shown));
        }
        return result;
    }

    @Override
    public boolean destroy(String principal, String id) {
        Objects.requireNonNull(id, "id");
        Optional<Live> live = check(principal, id);
        if (live.isEmpty()) {
            return false;
        }
        end(live.get());
        return true;
    }

    @Override
    public int destroyAll(String principal) {
        List<Live> all = live(principal);
        all.forEach(this::end);
        return all.size();
    }

    @Override
    public int destroyOthers(Session current) {
        Optional<String> principal = current.principal();
        if (principal.isEmpty()) {
            return 0;
        }
        int ended = 0;
        for (Live live : live(principal.get())) {
            if (!live.id().equals(current.id())) {
                end(live);
                ended++;
            }
        }
        return ended;
    }

    private void end(Live live) {
        engine.writer().destroy(live.id());
        engine.events().destroyed(live.id(), live.stored());
    }

    private List<Live> live(String principal) {
        Objects.requireNonNull(principal, "principal");
        List<Live> result = new ArrayList<>();
        for (String id : index.ids(principal)) {
            check(principal, id).ifPresent(result::add);
        }
        return result;
    }

    /** The record of {@code id} when it is live and the principal's; otherwise the index entry is removed. */
    private Optional<Live> check(String principal, String id) {
        Optional<StoredSession> stored = engine.writer().get(id);
        if (stored.isPresent() && !stored.get().isExpiredAt(engine.now())) {
            SessionJson.Parsed parsed = engine.parse(id, stored.get());
            if (parsed != null && principal.equals(parsed.principal())) {
                return Optional.of(new Live(id, stored.get(), parsed));
            }
        }
        index.remove(principal, id);
        return Optional.empty();
    }
}
