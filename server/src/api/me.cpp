// GET/PATCH/DELETE /api/me, POST /api/me/password: the caller's own account.
#include "api/resources.hpp"
#include "domain/views.hpp"

namespace parley::api::resources {

result me(const call& c) {
  return json_reply(bhttp::status::ok, {{"user", domain::user_json(c.who->user)}});
}

result update_me(const call& c) {
  auto body = body_object(c, false);
  if (!body) return body.error();
  auto name = required_string(*body, "displayName");
  if (!name) return name.error();
  auto user = c.svc.account_service().rename(*c.who, *name);
  if (!user) return user.error();
  return json_reply(bhttp::status::ok, {{"user", domain::user_json(*user)}});
}

result change_password(const call& c) {
  auto body = body_object(c, false);
  if (!body) return body.error();
  auto old_password = required_string(*body, "oldPassword");
  if (!old_password) return old_password.error();
  auto new_password = required_string(*body, "newPassword");
  if (!new_password) return new_password.error();
  auto r = c.svc.account_service().change_password(*c.who, *old_password, *new_password,
                                                   c.client_address);
  if (!r) return r.error();
  return no_content();
}

result delete_me(const call& c) {
  if (auto r = c.svc.account_service().delete_account(*c.who); !r) return r.error();
  return no_content();
}

}  // namespace parley::api::resources
