// POST /api/users, POST/DELETE /api/sessions, POST /api/guests.
#include "api/resources.hpp"
#include "domain/views.hpp"

namespace parley::api::resources {

namespace {

reply signed_in_reply(bhttp::status s, const auth::signed_in& in) {
  return json_reply(s, {{"user", domain::user_json(in.who.user)}, {"token", in.token}});
}

}  // namespace

result create_user(const call& c) {
  auto body = body_object(c, false);
  if (!body) return body.error();
  auto username = required_string(*body, "username");
  if (!username) return username.error();
  auto email = required_string(*body, "email");
  if (!email) return email.error();
  auto password = required_string(*body, "password");
  if (!password) return password.error();
  if (auto ok = c.svc.account_service().count_creation(false, c.client_address); !ok)
    return ok.error();
  auto in = c.svc.account_service().register_user(*username, *email, *password);
  if (!in) return in.error();
  return signed_in_reply(bhttp::status::created, *in);
}

result create_session(const call& c) {
  auto body = body_object(c, false);
  if (!body) return body.error();
  auto login = required_string(*body, "login");
  if (!login) return login.error();
  auto password = required_string(*body, "password");
  if (!password) return password.error();
  auto in = c.svc.account_service().sign_in(*login, *password, c.client_address);
  if (!in) return in.error();
  return signed_in_reply(bhttp::status::ok, *in);
}

result delete_session(const call& c) {
  if (auto r = c.svc.account_service().sign_out(c.token); !r) return r.error();
  return no_content();
}

result create_guest(const call& c) {
  auto body = body_object(c, false);
  if (!body) return body.error();
  auto name = required_string(*body, "displayName");
  if (!name) return name.error();
  if (auto ok = c.svc.account_service().count_creation(true, c.client_address); !ok)
    return ok.error();
  auto in = c.svc.account_service().create_guest(*name);
  if (!in) return in.error();
  return signed_in_reply(bhttp::status::created, *in);
}

}  // namespace parley::api::resources
