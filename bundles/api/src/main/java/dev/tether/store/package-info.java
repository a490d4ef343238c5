/** The gateway's local store: what applications read and write, and the outbox the sync engine drains. */
@Export
@Version("0.4.0")
package dev.tether.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
