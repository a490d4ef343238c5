/** A message transport between a gateway and the cloud (MQTT v5 by default). */
@Export
@Version("0.3.0")
package dev.tether.transport;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
