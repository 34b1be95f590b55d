#include "cavra_git_offline.h"

#include <stdint.h>
#include <stddef.h>

/*
 * libgit2 uses GSS-API only for "Negotiate" (Kerberos/SPNEGO) authentication over HTTP, a transport the gate
 * never opens, and Debian ships no static Kerberos library to link libgit2 statically with. These
 * definitions follow the GSS-API C bindings (RFC 2744) closely enough for libgit2's calls, and every one
 * reports GSS_S_FAILURE, so a Negotiate challenge would fail authentication: closed, never open.
 */

typedef uint32_t OM_uint32;
typedef void *gss_opaque_t;

#define GSS_S_COMPLETE ((OM_uint32)0)
#define GSS_S_FAILURE (((OM_uint32)13ul) << 16)

/* libgit2 passes this name type to gss_import_name, which never looks at it. */
void *GSS_C_NT_HOSTBASED_SERVICE = NULL;

static OM_uint32 unavailable(OM_uint32 *minor_status) {
    if (minor_status) *minor_status = 0;
    return GSS_S_FAILURE;
}

/* Nothing is ever allocated, so releasing succeeds. */
static OM_uint32 released(OM_uint32 *minor_status) {
    if (minor_status) *minor_status = 0;
    return GSS_S_COMPLETE;
}

OM_uint32 gss_indicate_mechs(OM_uint32 *minor_status, gss_opaque_t *mech_set) {
    if (mech_set) *mech_set = NULL;
    return unavailable(minor_status);
}

OM_uint32 gss_import_name(
    OM_uint32 *minor_status, const gss_opaque_t input_name_buffer, const gss_opaque_t input_name_type,
    gss_opaque_t *output_name) {
    (void)input_name_buffer;
    (void)input_name_type;
    if (output_name) *output_name = NULL;
    return unavailable(minor_status);
}

OM_uint32 gss_init_sec_context(
    OM_uint32 *minor_status, gss_opaque_t claimant_cred_handle, gss_opaque_t *context_handle,
    gss_opaque_t target_name, gss_opaque_t mech_type, OM_uint32 req_flags, OM_uint32 time_req,
    gss_opaque_t input_chan_bindings, gss_opaque_t input_token, gss_opaque_t *actual_mech_type,
    gss_opaque_t output_token, OM_uint32 *ret_flags, OM_uint32 *time_rec) {
    (void)claimant_cred_handle;
    (void)context_handle;
    (void)target_name;
    (void)mech_type;
    (void)req_flags;
    (void)time_req;
    (void)input_chan_bindings;
    (void)input_token;
    (void)output_token;
    if (actual_mech_type) *actual_mech_type = NULL;
    if (ret_flags) *ret_flags = 0;
    if (time_rec) *time_rec = 0;
    return unavailable(minor_status);
}

OM_uint32 gss_display_status(
    OM_uint32 *minor_status, OM_uint32 status_value, int status_type, const gss_opaque_t mech_type,
    OM_uint32 *message_context, gss_opaque_t status_string) {
    (void)status_value;
    (void)status_type;
    (void)mech_type;
    (void)status_string;
    if (message_context) *message_context = 0;
    return unavailable(minor_status);
}

OM_uint32 gss_delete_sec_context(OM_uint32 *minor_status, gss_opaque_t *context_handle, gss_opaque_t output_token) {
    (void)context_handle;
    (void)output_token;
    return released(minor_status);
}

OM_uint32 gss_release_buffer(OM_uint32 *minor_status, gss_opaque_t buffer) {
    (void)buffer;
    return released(minor_status);
}

OM_uint32 gss_release_name(OM_uint32 *minor_status, gss_opaque_t *name) {
    (void)name;
    return released(minor_status);
}

OM_uint32 gss_release_oid_set(OM_uint32 *minor_status, gss_opaque_t *set) {
    (void)set;
    return released(minor_status);
}
