/** Status and control of the replication engine. */
@Export
@Version("0.3.0")
package dev.tether.sync;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
