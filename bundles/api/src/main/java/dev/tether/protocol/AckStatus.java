package dev.tether.protocol;

import com.google.gson.annotations.SerializedName;

/** The cloud's verdict on one change. */
public enum AckStatus {
    /** Committed in the cloud with a new version. */
    @SerializedName("applied") APPLIED,
    /** Already committed earlier (same origin and HLC): not applied again. */
    @SerializedName("duplicate") DUPLICATE,
    /** A concurrent write was found; the winner is in the result. */
    @SerializedName("conflict") CONFLICT,
    /** Refused for good (schema, scope, size); the error says why. */
    @SerializedName("rejected") REJECTED
}
