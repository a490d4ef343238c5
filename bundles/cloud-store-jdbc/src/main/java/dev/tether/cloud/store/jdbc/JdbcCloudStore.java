package dev.tether.cloud.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import javax.sql.DataSource;

import dev.tether.cloudstore.CloudConflict;
import dev.tether.cloudstore.CloudItem;
import dev.tether.cloudstore.CloudStore;
import dev.tether.cloudstore.FanOutSink;
import dev.tether.cloudstore.FanOutState;
import dev.tether.protocol.AckResult;
import dev.tether.protocol.AckStatus;
import dev.tether.protocol.Change;
import dev.tether.protocol.ItemKey;
import dev.tether.protocol.ProtocolCodec;

/**
 * The cloud store on JDBC. Each {@link #apply} is one transaction: either all its writes and the
 * device's activity commit, or nothing does and a {@link JdbcCloudStoreException} says why. A
 * change the store could never hold (a key too long, a missing field) is answered {@code rejected}
 * without touching the database and without failing the rest of the batch.
 */
public final class JdbcCloudStore implements CloudStore {

    private static final System.Logger LOG = System.getLogger(JdbcCloudStore.class.getName());
    private static final int MAX_ATTEMPTS = 5;

    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final Clock clock;
    private final ChangeLimits limits = new ChangeLimits();
    private final ItemTable items;
    private final DeviceTable devices = new DeviceTable();
    private final FanOutTable fanOut = new FanOutTable();
    private final TombstoneHorizon horizon = new TombstoneHorizon(fanOut);
    private final ConflictTable conflicts;
    private final ChangeApplier applier;
    private final VersionSequence versions = new VersionSequence();

    /** A store on embedded Derby. */
    public JdbcCloudStore(DataSource dataSource) {
        this(dataSource, new DerbyDialect(), Clock.systemUTC());
    }

    /** Creates the tables if they are missing; every model's conflicts are settled by last writer wins. */
    public JdbcCloudStore(DataSource dataSource, SqlDialect dialect, Clock clock) {
        this(dataSource, dialect, clock, ConflictPolicies.lastWriterWins());
    }

    /** Creates the tables if they are missing; {@code policies} says how each model's conflicts are settled. */
    public JdbcCloudStore(DataSource dataSource, SqlDialect dialect, Clock clock, ConflictPolicies policies) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.items = new ItemTable(new ProtocolCodec(), dialect);
        this.conflicts = new ConflictTable(dialect);
        this.applier = new ChangeApplier(items, conflicts,
                Objects.requireNonNull(policies, "policies"), clock);
        try (Connection connection = dataSource.getConnection()) {
            new StoreSchema(dialect).createIfMissing(connection);
        } catch (SQLException e) {
            throw new JdbcCloudStoreException("could not create the cloud store's tables: " + describe(e), e);
        }
    }

    @Override
    public List<AckResult> apply(String origin, String scope, List<Change> changes) {
        return apply(origin, scope, changes, true);
    }

    @Override
    public List<AckResult> applyFromCloud(String origin, String scope, List<Change> changes) {
        return apply(origin, scope, changes, false);
    }

    private List<AckResult> apply(String origin, String scope, List<Change> changes, boolean fromDevice) {
        Objects.requireNonNull(changes, "changes");
        Optional<String> writerProblem = limits.checkWriter(origin, scope);
        if (writerProblem.isPresent()) {
            List<AckResult> rejected = new ArrayList<>();
            for (Change change : changes) {
                rejected.add(rejection(change, writerProblem.get()));
            }
            return rejected;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return applyOnce(origin, scope, changes, fromDevice);
            } catch (SQLException | ConcurrentWriteException e) {
                boolean retryable = e instanceof ConcurrentWriteException || dialect.isRetryable((SQLException) e);
                if (!retryable || attempt == MAX_ATTEMPTS) {
                    throw new JdbcCloudStoreException("could not apply " + changes.size() + " changes from " + origin
                            + " to scope " + scope + ": " + describe(e), e);
                }
                LOG.log(System.Logger.Level.DEBUG, "retrying a batch from {0} after a clash with a concurrent write: {1}",
                        origin, e.getMessage());
            }
        }
    }

    private List<AckResult> applyOnce(String origin, String scope, List<Change> changes, boolean fromDevice)
            throws SQLException, ConcurrentWriteException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<AckResult> results = new ArrayList<>(changes.size());
                VersionSequence.Block newVersions = versions.block(changes.size());
                int applied = 0;
                for (Change change : changes) {
                    Optional<String> problem = limits.checkChange(change);
                    AckResult result = problem.isPresent()
                            ? rejection(change, problem.get())
                            : applier.apply(connection, newVersions, origin, scope, change, fromDevice);
                    if (result.status() == AckStatus.APPLIED) {
                        applied++;
                    }
                    results.add(result);
                }
                if (fromDevice) {
                    devices.recordBatch(connection, origin, clock.instant(), applied);
                }
                connection.commit();
                return results;
            } catch (SQLException | ConcurrentWriteException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        }
    }

    @Override
    public Optional<CloudItem> get(String scope, String model, ItemKey key) {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(key, "key");
        if (!fitsColumns(scope, model, key)) {
            return Optional.empty();
        }
        try (Connection connection = dataSource.getConnection()) {
            return items.find(connection, scope, model, key);
        } catch (SQLException e) {
            throw new JdbcCloudStoreException("could not read item " + key + " of model " + model + " in scope " + scope
                    + ": " + describe(e), e);
        }
    }

    @Override
    public List<CloudItem> list(String scope, String model, int limit) {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(model, "model");
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        if (scope.length() > StoreSchema.MAX_SCOPE_LENGTH || model.length() > StoreSchema.MAX_MODEL_LENGTH) {
            return Collections.emptyList();
        }
        try (Connection connection = dataSource.getConnection()) {
            return items.listLive(connection, scope, model, limit);
        } catch (SQLException e) {
            throw new JdbcCloudStoreException("could not list items of model " + model + " in scope " + scope + ": "
                    + describe(e), e);
        }
    }

    @Override
    public List<CloudItem> list(String scope, String model, ItemKey after, int limit) {
        if (after == null) {
            return list(scope, model, limit);
        }
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        if (!fitsColumns(scope, model, after)) {
            return Collections.emptyList();
        }
        try (Connection connection = dataSource.getConnection()) {
            return items.listLiveAfter(connection, scope, model, after, limit);
        } catch (SQLException e) {
            throw new JdbcCloudStoreException("could not list items of model " + model + " in scope " + scope + ": "
                    + describe(e), e);
        }
    }

    @Override
    public List<CloudItem> changesSince(Collection<String> scopes, long afterVersion, int limit) {
        if (scopes.isEmpty() || limit <= 0) {
            throw new IllegalArgumentException("changesSince needs scopes and a positive limit");
        }
        try (Connection connection = dataSource.getConnection()) {
            return items.changesSince(connection, List.copyOf(scopes), afterVersion, limit);
        } catch (SQLException e) {
            throw new JdbcCloudStoreException("could not read the changes of " + scopes + " since version " + afterVersion
                    + ": " + describe(e), e);
        }
    }

    @Override
    public long countChangesSince(Collection<String> scopes, long afterVersion, boolean liveOnly) {
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("countChangesSince needs scopes");
        }
        try (Connection connection = dataSource.getConnection()) {
            return items.countChangesSince(connection, List.copyOf(scopes), afterVersion, liveOnly);
        } catch (SQLException e) {
            throw new JdbcCloudStoreException("could not count the changes of " + scopes + " since version " + afterVersion
                    + ": " + describe(e), e);
        }
    }

    @Override
    public long highestVersion() {
        try (Connection connection = dataSource.getConnection()) {
            return horizon.highestVersion(connection);
        } catch (SQLException e) {
            throw new JdbcCloudStoreException("could not read the highest version: " + describe(e), e);
        }
    }

    @Override
    public long tombstoneWatermark() {
        try (Connection connection = dataSource.getConnection()) {
            return horizon.watermark(connection);
        } catch (SQLException e) {
            throw new JdbcCloudStoreException("could not read the tombstone watermark: " + describe(e), e);
        }
    }

    @Override
    public long tombstoneWatermark(String scope) {
        if (scope.length() > StoreSchema.MAX_SCOPE_LENGTH) {
            return 0;
        }
        try (Connection connection = dataSource.getConnection()) {
            return horizon.watermark(connection, scope);
        } catch (SQLException e) {
            throw new JdbcCloudStoreException("could not read the tombstone watermark of " + scope + ": " + describe(e), e);
        }
    }

    @Override
    public int purgeTombstones(Duration age) {
        if (age.isNegative()) {
            throw new IllegalArgumentException("the tombstone horizon must not be negative: " + age);
        }
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    int purged = horizon.purge(connection, clock.instant(), age);
                    connection.commit();
                    return purged;
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(connection, e);
                    throw e;
                }
            } catch (SQLException e) {
                if (!dialect.isRetryable(e) || attempt == MAX_ATTEMPTS) {
                    throw new JdbcCloudStoreException("could not purge tombstones: " + describe(e), e);
                }
            }
        }
    }

    @Override
    public int fanOut(int limit, FanOutSink sink) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                long position = fanOut.lockGlobal(connection);
                List<CloudItem> changes = items.changesAfter(connection, position, limit);
                if (!changes.isEmpty()) {
                    Map<String, List<CloudItem>> byScope = new LinkedHashMap<>();
                    for (CloudItem change : changes) {
                        byScope.computeIfAbsent(change.scope(), scope -> new ArrayList<>()).add(change);
                    }
                    for (Map.Entry<String, List<CloudItem>> scope : byScope.entrySet()) {
                        List<CloudItem> scopeChanges = scope.getValue();
                        long previous = fanOut.position(connection, scope.getKey());
                        if (sink.deliver(scope.getKey(), Collections.unmodifiableList(scopeChanges), previous)) {
                            fanOut.set(connection, scope.getKey(), scopeChanges.get(scopeChanges.size() - 1).version());
                        }
                    }
                    fanOut.set(connection, FanOutTable.GLOBAL, changes.get(changes.size() - 1).version());
                }
                connection.commit();
                return changes.size();
            } catch (Exception e) {
                rollbackQuietly(connection, e);
                throw new JdbcCloudStoreException("fan-out failed, it will be retried: " + describe(e), e);
            }
        } catch (SQLException e) {
            throw new JdbcCloudStoreException("fan-out failed, it will be retried: " + describe(e), e);
        }
    }

    @Override
    public FanOutState fanOutState(String scope) {
        try (Connection connection = dataSource.getConnection()) {
            long handedOver = fanOut.position(connection, FanOutTable.GLOBAL);
            return new FanOutState(fanOut.position(connection, scope), items.countAfter(connection, scope, handedOver));
        } catch (SQLException e) {
            throw new JdbcCloudStoreException("could not read the fan-out state of " + scope + ": " + describe(e), e);
        }
    }

    @Override
    public List<CloudConflict> conflicts(int limit) {
        try (Connection connection = dataSource.getConnection()) {
            return conflicts.newestFirst(connection, limit);
        } catch (SQLException e) {
            throw new JdbcCloudStoreException("could not read the conflict log: " + describe(e), e);
        }
    }

    /** Every device (writer) that has sent a batch, by id. */
    public List<DeviceActivity> devices() {
        try (Connection connection = dataSource.getConnection()) {
            return devices.listAll(connection);
        } catch (SQLException e) {
            throw new JdbcCloudStoreException("could not list devices: " + describe(e), e);
        }
    }

    private static boolean fitsColumns(String scope, String model, ItemKey key) {
        return scope.length() <= StoreSchema.MAX_SCOPE_LENGTH
                && model.length() <= StoreSchema.MAX_MODEL_LENGTH
                && key.pk().length() <= StoreSchema.MAX_KEY_PART_LENGTH
                && (key.sk() == null || key.sk().length() <= StoreSchema.MAX_KEY_PART_LENGTH);
    }

    private static AckResult rejection(Change change, String reason) {
        return change == null
                ? AckResult.rejected(null, null, reason)
                : AckResult.rejected(change.model(), change.key(), reason);
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static String describe(Exception e) {
        if (e instanceof SQLException sql && sql.getSQLState() != null) {
            return e.getMessage() + " (SQLState " + sql.getSQLState() + ")";
        }
        return e.getMessage();
    }
}
