import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiCookieAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { clearCookie, cookiesOf, setCookie } from 'src/common/http/cookies';
import { Access } from 'src/organizations/access.decorator';
import type { RequestContext } from 'src/organizations/request-context';
import { Ctx } from 'src/organizations/request-context.decorator';
import { ChangePasswordDto, CompletePasswordResetDto, LoginDto, MeDto } from './auth.dto';
import { AuthService, type Me } from './auth.service';
import { SESSION_COOKIE } from './credentials';

function sessionTokenOf(request: FastifyRequest): string | undefined {
  return cookiesOf(request)[SESSION_COOKIE];
}

@ApiTags('Auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly service: AuthService) {}

  @Post('login')
  @Access('public')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in: sets the plinth_session cookie (HttpOnly, SameSite=Lax)' })
  @ApiOkResponse({ type: MeDto })
  @ApiUnauthorizedResponse({ description: 'INVALID_CREDENTIALS: wrong email or password' })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED: too many failures (Retry-After)' })
  async login(
    @Body() body: LoginDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<Me> {
    const session = await this.service.login(body, request.ip);
    setCookie(response, SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: request.protocol === 'https',
      expires: session.expiresAt,
    });
    return session.me;
  }

  @Post('logout')
  @Access('signed_in')
  @HttpCode(204)
  @ApiCookieAuth('cookieAuth')
  @ApiOperation({ summary: 'Sign out: ends the session and clears the cookie' })
  @ApiNoContentResponse()
  async logout(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<void> {
    await this.service.logout(sessionTokenOf(request));
    clearCookie(response, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax' });
  }

  @Get('me')
  @Access('signed_in')
  @ApiOperation({ summary: 'Who the caller is: user, organization, role, permissions' })
  @ApiOkResponse({ type: MeDto })
  getMe(@Ctx() context: RequestContext): Promise<Me> {
    return this.service.me(context);
  }

  @Post('password')
  @Access('signed_in')
  @HttpCode(204)
  @ApiOperation({ summary: "Change the signed-in user's password (their other sessions end)" })
  @ApiNoContentResponse()
  changePassword(
    @Ctx() context: RequestContext,
    @Body() body: ChangePasswordDto,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    return this.service.changePassword(
      context,
      { currentPassword: body.current_password, newPassword: body.new_password },
      sessionTokenOf(request),
    );
  }

  @Post('password-reset')
  @Access('public')
  @HttpCode(204)
  @ApiOperation({ summary: 'Choose a password with a one-time link an admin made (24 h)' })
  @ApiNoContentResponse()
  completePasswordReset(@Body() body: CompletePasswordResetDto): Promise<void> {
    return this.service.completePasswordReset(body.token, body.password);
  }
}
