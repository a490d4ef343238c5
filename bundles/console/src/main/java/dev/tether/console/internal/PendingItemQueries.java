package dev.tether.console.internal;

import java.util.Map;

import org.osgi.service.component.annotations.Component;

/** Item listing and counting as long as {@code LocalStore} can only get an item by its full key. */
@Component(service = ItemQueries.class)
public class PendingItemQueries implements ItemQueries {

    private static final String REASON = " is not available: the local store cannot list items yet (LocalStore.find);"
            + " give the full key to get one item";

    @Override
    public Feature<Long> count(String model) {
        return Feature.unavailable("counting items" + REASON);
    }

    @Override
    public Feature<Page> find(String model, Map<String, Object> keyFields, String sortKeyPrefix, String after, int limit) {
        return Feature.unavailable("listing items" + REASON);
    }
}
