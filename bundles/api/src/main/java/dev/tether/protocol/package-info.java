/** The sync protocol: message types, topics, the hybrid logical clock and the JSON codec. */
@Export
@Version("0.3.0")
package dev.tether.protocol;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
