package dev.tether.protocol;

import com.google.gson.annotations.SerializedName;

/** What a change does to its item. */
public enum Op {
    /** The item now has the content carried by the change (created or replaced). */
    @SerializedName("put") PUT,
    /** The item was removed. */
    @SerializedName("delete") DELETE
}
