/** The cloud store SPI: where the cloud sync service keeps items, versions and tombstones. */
@Export
@Version("0.3.0")
package dev.tether.cloudstore;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
